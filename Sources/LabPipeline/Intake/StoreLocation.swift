import Foundation
import LabCore
import LabStore

/// Opens the store a `--store` value or a pipeline's `store:` names:
/// - a path (`labingest.sqlite`) or `sqlite:///abs/path.sqlite`: the embedded SQLite store;
/// - `postgres://user@host:port/db` (or `postgresql://`): the shared PostgreSQL store. The password comes
///   from `PGPASSWORD`, or from the variable named by `?password-env=NAME`, never from the URL; TLS with
///   `?sslmode=disable|prefer|require` and `&sslrootcert=/path/ca.pem` (see `PostgresStoreConfiguration`).
public enum StoreLocation {
    public static func open(_ location: String) throws(LabError) -> any EventStore {
        if PostgresStoreConfiguration.isPostgresURL(location) {
            let configuration = try PostgresStoreConfiguration.parse(location)
            #if PostgreSQL
            return try PostgresEventStore(configuration)
            #else
            throw LabError(.storeUnavailable,
                           "this build has no PostgreSQL store (\(configuration.redactedURL)); build with the PostgreSQL package trait")
            #endif
        }
        var path = location
        if location.hasPrefix("sqlite://") {
            path = String(location.dropFirst("sqlite://".count))
        } else if location.contains("://") {
            throw LabError(.storeUnavailable, "unknown store URL scheme (use a path, sqlite:///path or postgres://…)")
        }
        return try SQLiteEventStore(path: path)
    }

    /// The location as it may appear in output and logs: a PostgreSQL URL is reduced to user, host, port,
    /// database and TLS settings (an unparseable one to its scheme).
    public static func redacted(_ location: String) -> String {
        guard PostgresStoreConfiguration.isPostgresURL(location) else { return location }
        return (try? PostgresStoreConfiguration.parse(location, environment: [:]).redactedURL) ?? "postgres://…"
    }
}
