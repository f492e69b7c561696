import ArgumentParser
import Foundation
import LabCore
import LabFormats
import LabPipeline

extension LabIngest {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a pipeline file without running it.")
        @Argument(help: "The pipeline file.") var pipeline: String

        func run() throws {
            let check = PipelineDefinition.check(path: pipeline)
            var problems = check.problems
            if let definition = check.definition {
                if let roster = definition.roster {
                    do throws(LabError) { _ = try RosterLoader.load(path: roster) } catch { problems.append(error) }
                }
                for source in definition.sources {
                    // The format's own options (and the manifests they name), as a run would read them.
                    if let parser = FormatRegistry.parser(named: source.format) {
                        do throws(LabError) {
                            try parser.checkOptions(ParseContext(uri: definition.file ?? pipeline, options: source.options, optionsFile: definition.file))
                        } catch {
                            problems.append(LabError(error.code, "source \(source.name): \(error.message)", locator: error.locator))
                        }
                    }
                    switch source.kind {
                    case .files(let paths):
                        if PathExpansion.expand(paths).isEmpty { print("warning: source \(source.name) matches no files now") }
                    case .directory(let folder):
                        var isDirectory: ObjCBool = false
                        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
                            print("warning: source \(source.name): the drop folder \(folder.path) does not exist (yet)")
                        }
                    case .http(let http):
                        if http.insecure { print("warning: source \(source.name): insecure: true skips TLS certificate checks") }
                    }
                }
            }
            for p in problems { FileHandle.standardError.write(Data((p.description + "\n").utf8)) }
            guard problems.isEmpty, let definition = check.definition else { throw ExitCode(2) }
            print("valid: pipeline \(definition.name), \(definition.sources.count) source(s), time zone \(definition.timezone.identifier)")
        }
    }
}
