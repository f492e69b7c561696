import ArgumentParser
import Foundation
import LabCore
import LabPipeline

extension LabIngest {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a pipeline file without running it.")
        @Argument(help: "The pipeline file.") var pipeline: String

        func run() throws {
            let definition = try PipelineDefinition.load(path: pipeline)
            var problems: [LabError] = []
            if let roster = definition.roster {
                do throws(LabError) { _ = try RosterLoader.load(path: roster) } catch { problems.append(error) }
            }
            for source in definition.sources {
                if case .files(let paths) = source.kind, PathExpansion.expand(paths).isEmpty {
                    print("warning: source \(source.name) matches no files now")
                }
            }
            for p in problems { FileHandle.standardError.write(Data((p.description + "\n").utf8)) }
            if !problems.isEmpty { throw ExitCode(2) }
            print("valid: pipeline \(definition.name), \(definition.sources.count) source(s), time zone \(definition.timezone.identifier)")
        }
    }
}
