import Foundation
import LabCore

/// A built-in data table: JSON text compiled into the binary (`Tables/*.swift`). Not a resource bundle: a
/// copied binary needs nothing beside it, and cannot pick up another build's tables from its build folder.
struct BuiltInTable: Sendable {
    let name: String
    let json: String

    func decode<T: Decodable>(as type: T.Type) throws(LabError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw LabError(.ioUnreadable, "the built-in \(name) table is not valid JSON", cause: error)
        }
    }
}
