import Foundation

/// A drop folder an instrument or a transfer job writes into (`type: directory`).
///
/// For example:
/// ```yaml
/// - name: flow-cytometer
///   type: directory
///   path: /srv/drop/flow            # relative paths are relative to the pipeline file
///   patterns: ["*.csv", "*.txt"]    # default: every file
///   exclude: ["*-draft.csv"]        # besides dotfiles, *.tmp, *.part, *.filepart, which are always skipped
///   recursive: false
///   format: flow
///   settle: 30s                     # taken once size and mtime have not changed for this long
///   poll: 10s                       # how often `serve` looks
///   after: archive                  # archive | delete | leave
///   archive: /srv/archive/flow      # files go to archive/YYYY-MM-DD/ (the pipeline's zone)
///   errors: /srv/errors/flow        # a file that fails as a whole, with <name>.reason.txt beside it
/// ```
public struct DirectorySource: Sendable, Equatable {
    public enum After: String, Sendable, CaseIterable {
        /// Move into `archive/YYYY-MM-DD/`.
        case archive
        /// Remove the file once its unit is committed.
        case delete
        /// Put the file back where it was; its sha256 is remembered so it is not taken again.
        case leave
    }

    public var path: String
    /// fnmatch(3) patterns matched against the file name (or the relative path, when a pattern has a `/`).
    public var patterns: [String]
    public var exclude: [String]
    public var recursive: Bool
    /// Seconds a file's size and mtime must stay unchanged before it is taken.
    public var settle: Double
    /// Seconds between two looks at the folder in `serve`.
    public var poll: Double
    public var after: After
    public var archive: String
    public var errors: String

    /// Names that are never taken: hidden files, and names writers use while a file is still being written.
    public static let alwaysSkipped = [".*", "*.tmp", "*.part", "*.filepart", "*.crdownload", "*.partial", "~*", "*~"]

    public static let defaultSettle = 5.0
    public static let defaultPoll = 10.0

    public init(path: String, patterns: [String] = ["*"], exclude: [String] = [], recursive: Bool = false,
                settle: Double = DirectorySource.defaultSettle, poll: Double = DirectorySource.defaultPoll,
                after: After = .archive, archive: String? = nil, errors: String? = nil) {
        self.path = path
        self.patterns = patterns
        self.exclude = exclude
        self.recursive = recursive
        self.settle = settle
        self.poll = poll
        self.after = after
        self.archive = archive ?? (path as NSString).appendingPathComponent("archive")
        self.errors = errors ?? (path as NSString).appendingPathComponent("errors")
    }
}
