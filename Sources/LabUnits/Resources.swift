import Foundation
import LabCore

/// Loading of the bundled data files (`Resources/*.json`, declared `.process("Resources")`).
enum Resources {
    static func decode<T: Decodable>(_ name: String, as type: T.Type) throws(LabError) -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw LabError(.ioUnreadable, "LabUnits resource \(name).json is missing from the bundle")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
        } catch {
            throw LabError(.ioUnreadable, "LabUnits resource \(name).json is unreadable", cause: error)
        }
    }
}
