import Foundation
import LabCore
import LabStore

/// Opens the store a `--store` value or a pipeline's `store:` names: a path (`labingest.sqlite`),
/// `sqlite:///abs/path.sqlite`, or `postgres://user@host:port/db` (not built yet: reported as unavailable).
public enum StoreLocation {
    public static func open(_ location: String) throws(LabError) -> any EventStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            throw LabError(.storeUnavailable, "the PostgreSQL store is not available in this build yet")
        }
        var path = location
        if location.hasPrefix("sqlite://") {
            path = String(location.dropFirst("sqlite://".count))
        } else if location.contains("://") {
            throw LabError(.storeUnavailable, "unknown store URL scheme (use a path, sqlite:///path or postgres://…)")
        }
        return try SQLiteEventStore(path: path)
    }
}
