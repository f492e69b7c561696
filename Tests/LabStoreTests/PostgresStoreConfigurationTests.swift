import LabCore
import LabStore
import Testing

/// `postgres://` store URLs: where the password comes from, TLS modes, and what is refused.
@Suite struct PostgresStoreConfigurationTests {
    @Test func parsesHostPortUserDatabaseAndTakesThePasswordFromPGPASSWORD() throws {
        let c = try PostgresStoreConfiguration.parse("postgres://lab@db.example.org:6543/labdb", environment: ["PGPASSWORD": "s3cret"])
        #expect(c.host == "db.example.org" && c.port == 6543 && c.user == "lab" && c.database == "labdb")
        #expect(c.password == "s3cret")
        #expect(c.tlsMode == .prefer)
        #expect(!c.redactedURL.contains("s3cret") && !"\(c)".contains("s3cret"))
        #expect(try PostgresStoreConfiguration.parse("postgresql://lab@h/db", environment: [:]).port == 5432)
    }

    @Test func passwordEnvNamesTheVariable() throws {
        let c = try PostgresStoreConfiguration.parse("postgres://lab@h/db?password-env=LAB_DB_PW",
                                                     environment: ["LAB_DB_PW": "pw1", "PGPASSWORD": "pw2"])
        #expect(c.password == "pw1")
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://lab@h/db?password-env=MISSING", environment: [:]) }
    }

    @Test func tlsModesAndCAFile() throws {
        let c = try PostgresStoreConfiguration.parse("postgres://lab@h/db?sslmode=require&sslrootcert=/etc/ca.pem", environment: [:])
        #expect(c.tlsMode == .require && c.caFile == "/etc/ca.pem")
        #expect(c.redactedURL == "postgres://lab@h:5432/db?sslmode=require&sslrootcert=/etc/ca.pem")
        #expect(try PostgresStoreConfiguration.parse("postgres://lab@h/db?sslmode=disable", environment: [:]).tlsMode == .disable)
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://lab@h/db?sslmode=verify-all", environment: [:]) }
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://lab@h/db?sslmode=disable&sslrootcert=/ca", environment: [:]) }
    }

    @Test func refusesPasswordsInTheURLAndUnknownParameters() {
        do {
            _ = try PostgresStoreConfiguration.parse("postgres://lab:hunter2@h/db", environment: [:])
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .storeUnavailable)
            #expect(!error.message.contains("hunter2"))
        }
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://lab@h/db?pool=3", environment: [:]) }
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://h/db", environment: [:]) }
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://lab@h/", environment: [:]) }
        #expect(throws: LabError.self) { try PostgresStoreConfiguration.parse("postgres://lab@/db", environment: [:]) }
    }
}
