import Foundation
import GRDB
import LabCore
import LabStore
import Testing
import LabTestSupport

/// The backends every store test runs against: SQLite always, PostgreSQL when its binaries are installed
/// (and the package was built with the `PostgreSQL` trait). One test body, two stores.
enum StoreBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// True when this build has the PostgreSQL store at all.
    static var postgresBuilt: Bool {
        #if PostgreSQL
        true
        #else
        false
        #endif
    }

    static var postgresTestable: Bool { postgresBuilt && PostgresTestCluster.isInstalled }
    static let postgresSkipMessage = postgresBuilt ? PostgresTestCluster.skipMessage
        : "this build has no PostgreSQL store (package trait PostgreSQL disabled): PostgreSQL store tests skipped"

    /// The backends to run on this machine.
    static var available: [StoreBackend] { postgresTestable ? [.sqlite, .postgres] : [.sqlite] }

    /// A fresh, empty store.
    func makeStore() throws -> TestStore {
        switch self {
        case .sqlite:
            let dir = try TestDirectory.make("labstore")
            return try TestStore(backend: self, location: dir.appendingPathComponent("store.sqlite").path)
        case .postgres:
            let cluster = try PostgresTestCluster.shared.get()
            return try TestStore(backend: self, location: try cluster.createDatabase())
        }
    }
}

/// A fresh store plus what tests need around it: reopening it, a second independent instance (another
/// "process"), and raw SQL from outside the store.
final class TestStore: Sendable {
    let backend: StoreBackend
    /// SQLite: the file path. PostgreSQL: the database name.
    let location: String
    let store: any EventStore

    init(backend: StoreBackend, location: String) throws {
        self.backend = backend
        self.location = location
        self.store = try Self.open(backend, location)
    }

    /// Another store instance on the same data, with its own connections.
    func reopen() throws -> any EventStore { try Self.open(backend, location) }

    private static func open(_ backend: StoreBackend, _ location: String) throws -> any EventStore {
        switch backend {
        case .sqlite:
            return try SQLiteEventStore(path: location)
        case .postgres:
            #if PostgreSQL
            return try PostgresEventStore(try postgresConfiguration(location))
            #else
            throw PostgresTestCluster.ClusterError(description: StoreBackend.postgresSkipMessage)
            #endif
        }
    }

    static func postgresConfiguration(_ database: String, query: String = "sslmode=disable") throws -> PostgresStoreConfiguration {
        let cluster = try PostgresTestCluster.shared.get()
        return try PostgresStoreConfiguration.parse(cluster.url(database: database, query: query),
                                                    environment: ["PGPASSWORD": cluster.password])
    }

    /// Runs SQL on a connection of its own (not through the store); throws when the database refuses it.
    func rawExecute(_ sql: String) throws {
        switch backend {
        case .sqlite:
            let raw = try DatabaseQueue(path: location)
            try raw.write { try $0.execute(sql: sql) }
        case .postgres:
            try PostgresTestCluster.shared.get().psql(sql, database: location)
        }
    }

    /// Runs a query on a connection of its own and returns the first column of each row as text.
    func rawQuery(_ sql: String) throws -> [String] {
        switch backend {
        case .sqlite:
            let raw = try DatabaseQueue(path: location)
            return try raw.read { db in try Row.fetchAll(db, sql: sql).map { $0[0] as String? ?? "" } }
        case .postgres:
            return try PostgresTestCluster.shared.get().psql(sql, database: location)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
    }
}
