import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every source of a pipeline once, then exit (made for system cron).",
            discussion: """
                files sources read their files; directory sources take their settled files (looking twice, settle \
                apart) and archive, delete or leave them. One run or serve per pipeline and store at a time: a \
                second exits 2, or waits with --wait. SIGINT/SIGTERM stop taking files and let those in flight \
                finish (a second signal rolls them back); the run then exits 0.
                """)

        @Flag(help: "Print one JSON object per unit of work and a total line.") var json = false
        @Flag(help: "Print only the total (and no progress bar).") var quiet = false
        @Flag(help: "Parse files again even when their bytes were already ingested.") var reprocess = false
        @OptionGroup var options: LockedPipelineOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = try global.makeLogger()
            let opened = try options.open(logger: logger)
            let runner = opened.runner, workers = options.workers
            let control = RunControl()
            let trap = SignalTrap { _, count in
                if count == 1 { control.stop() } else { control.cancelInFlight() }
            }
            let output = BatchOutput(json: json, quiet: quiet)
            runner.runOnce(reprocess: reprocess, workers: workers, control: control) { output.handle($0) }
            let exitCode = output.finish()
            withExtendedLifetime((opened.locks, trap)) {}
            if control.isStopped {
                FileHandle.standardError.write(Data("labingest: interrupted; units in flight were finished or rolled back\n".utf8))
                return
            }
            throw exitCode
        }
    }
}
