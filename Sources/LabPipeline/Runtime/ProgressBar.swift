import Foundation
import LabStore
#if canImport(Glibc)
import Glibc
#endif

/// The text of a progress line: `[######......]  120/300 files  4,512 events/s  ETA 0:42`. Pure, so its
/// arithmetic is tested without a terminal.
public enum ProgressLine {
    public static func render(done: Int, total: Int, events: Int, elapsed: Double, width: Int = 80) -> String {
        let rate = elapsed > 0 ? Double(events) / elapsed : 0
        var eta = "--:--"
        if done > 0 && total >= done && elapsed > 0 {
            eta = clock(elapsed / Double(done) * Double(total - done))
        }
        let counts = " \(done)/\(total) files  \(Int(rate.rounded())) events/s  ETA \(eta)"
        let barWidth = max(10, min(40, width - counts.count - 3))
        let filled = total > 0 ? min(barWidth, barWidth * done / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]" + counts
    }

    /// `m:ss` or `h:mm:ss`.
    public static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

/// Draws `ProgressLine` on stderr when stderr is a terminal (never in a pipe, a log file or with --quiet).
/// Used from one thread (the one that prints the run's reports).
public final class ProgressBar {
    private var total = 0
    private var done = 0
    private var events = 0
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var shown = false

    /// nil when disabled or stderr is not a terminal.
    public init?(enabled: Bool) {
        guard enabled, isatty(STDERR_FILENO) == 1 else { return nil }
    }

    public func plan(_ total: Int) {
        self.total = total
        draw(force: true)
    }

    public func unitDone(_ report: UnitReport) {
        done += 1
        events += report.counts.read
        draw(force: done == total)
    }

    /// Erases the line (call before printing anything else).
    public func clear() {
        guard shown else { return }
        write("\r\u{1B}[K")
        shown = false
    }

    public func finish() { clear() }

    private func draw(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1, total > 0 else { return }
        lastDraw = now
        var size = winsize()
        let width = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        write("\r" + ProgressLine.render(done: done, total: total, events: events, elapsed: now.timeIntervalSince(started), width: width - 1) + "\u{1B}[K")
        shown = true
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
