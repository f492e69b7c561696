import ArgumentParser
import Foundation
import LabCore
import LabUnits

extension LabIngest {
    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Convert, validate and normalize units.",
                                                        subcommands: [Convert.self, ValidateUnit.self, Normalize.self])

        static func number(_ text: String) throws -> (Decimal, Int) {
            guard let d = DecimalText.parse(text) else { throw ValidationError("'\(text)' is not a number") }
            return (d, DecimalText.significantDigits(in: text))
        }

        static func analyte(_ code: String?, in normalizer: UnitNormalizer) throws(LabError) -> CatalogueEntry? {
            guard let code else { return nil }
            let catalogue = try AnalyteCatalogue.builtIn()
            guard let e = catalogue.entry(code: code) ?? catalogue.entry(alias: code) else {
                throw LabError(.analyteUnknown, "analyte '\(code)' is not in the catalogue")
            }
            return e
        }

        struct Convert: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print VALUE converted from one unit to another.")
            @Argument var value: String
            @Argument var from: String
            @Argument var to: String
            @Option(help: "Analyte code (needed for mass↔molar).") var analyte: String?
            @Flag var json = false

            func run() throws {
                let (v, digits) = try Units.number(value)
                let normalizer = try UnitNormalizer.builtIn()
                let result = try normalizer.convert(v, significantDigits: digits, from: from, to: to,
                                                    analyte: try Units.analyte(analyte, in: normalizer))
                if json {
                    print(JSONValue.object([("value", .decimal(result)), ("unit", .string(to)), ("from", .object([
                        ("value", .string(value)), ("unit", .string(from))]))]).rendered())
                } else {
                    print(DecimalText.format(result))
                }
            }
        }

        struct ValidateUnit: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "validate", abstract: "Is UNIT valid UCUM? Prints valid (exit 0) or invalid: reason (exit 1).")
            @Argument var unit: String
            func run() throws {
                do throws(LabError) {
                    _ = try UCUM.parse(unit)
                    print("valid")
                } catch {
                    print("invalid: \(error.message)")
                    throw ExitCode(1)
                }
            }
        }

        struct Normalize: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print VALUE UNIT in the analyte's canonical unit.")
            @Argument var value: String
            @Argument var unit: String
            @Option(help: "Analyte code.") var analyte: String

            func run() throws {
                let (v, digits) = try Units.number(value)
                let normalizer = try UnitNormalizer.builtIn()
                guard let entry = try Units.analyte(analyte, in: normalizer) else { return }
                let q = try normalizer.normalize(v, significantDigits: digits, unit: unit, analyte: entry)
                print("\(DecimalText.format(q.value)) \(q.unit)")
            }
        }
    }

    struct Analytes: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the analyte catalogue.")
        @Option(help: "Only entries whose code, name or aliases contain this text.") var search: String?

        func run() throws {
            let catalogue = try AnalyteCatalogue.builtIn()
            let entries = search.map { catalogue.search($0) } ?? catalogue.entries
            for e in entries {
                var line = "\(e.system) \(e.code)  \(e.display)  [\(e.canonicalUnit)]"
                if let m = e.molarMass { line += "  M=\(DecimalText.format(m)) g/mol" }
                if !e.aliases.isEmpty { line += "  aliases: \(e.aliases.joined(separator: ", "))" }
                print(line)
            }
        }
    }
}
