import Foundation
import LabCore

/// Where a PostgreSQL store is and how to reach it, parsed from `postgres://user@host:port/db?…`.
///
/// The password never comes from the URL (URLs end up in logs, shell history and pipeline files): it is read
/// from the environment variable named by `password-env` (query parameter), else from `PGPASSWORD`.
/// Query parameters (unknown ones are errors):
/// - `sslmode=disable|prefer|require` (default `prefer`): `prefer` tries TLS and falls back to plain TCP;
///   `require` refuses to talk without TLS and verifies the server certificate and host name.
/// - `sslrootcert=/path/ca.pem`: the CA that signed the server certificate (with `require`/`prefer`, the
///   certificate is then verified against this CA only).
/// - `password-env=NAME`: the environment variable holding the password.
/// - `connect-timeout=SECONDS` (default 10).
public struct PostgresStoreConfiguration: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    /// Never printed: `description` and `redactedURL` leave it out.
    public var password: String?
    public var tlsMode: TLSMode
    public var caFile: String?
    public var connectTimeoutSeconds: Int

    public init(host: String, port: Int = 5432, user: String, database: String, password: String? = nil,
                tlsMode: TLSMode = .prefer, caFile: String? = nil, connectTimeoutSeconds: Int = 10) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tlsMode = tlsMode
        self.caFile = caFile
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// True for `postgres://` and `postgresql://` locations.
    public static func isPostgresURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Parses a store URL. `environment` supplies `PGPASSWORD` and the `password-env` variable.
    public static func parse(_ location: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(LabError) -> Self {
        func invalid(_ message: String) -> LabError {
            // The location itself is not echoed: it could hold a password someone pasted into it.
            LabError(.storeUnavailable, "invalid PostgreSQL store URL: \(message)")
        }
        guard isPostgresURL(location), let components = URLComponents(string: location) else {
            throw invalid("expected postgres://user@host:port/database")
        }
        if components.password != nil {
            throw invalid("do not put the password in the URL; set PGPASSWORD or name a variable with ?password-env=NAME")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("the host is missing") }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw invalid("the user is missing (postgres://user@host/db)")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else { throw invalid("the database name is missing (postgres://user@host/db)") }
        var config = PostgresStoreConfiguration(host: host, port: components.port ?? 5432, user: user, database: path)
        var passwordVariable = "PGPASSWORD"
        var explicitVariable = false
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else { throw invalid("sslmode must be disable, prefer or require") }
                config.tlsMode = mode
            case "sslrootcert":
                guard !value.isEmpty else { throw invalid("sslrootcert needs a file path") }
                config.caFile = value
            case "password-env":
                guard !value.isEmpty else { throw invalid("password-env needs a variable name") }
                passwordVariable = value
                explicitVariable = true
            case "connect-timeout":
                guard let seconds = Int(value), seconds > 0 else { throw invalid("connect-timeout must be a positive number of seconds") }
                config.connectTimeoutSeconds = seconds
            default:
                throw invalid("unknown parameter '\(item.name)' (known: sslmode, sslrootcert, password-env, connect-timeout)")
            }
        }
        config.password = environment[passwordVariable]
        if explicitVariable && config.password == nil {
            throw invalid("the environment variable \(passwordVariable) named by password-env is not set")
        }
        if config.tlsMode == .disable && config.caFile != nil {
            throw invalid("sslrootcert makes no sense with sslmode=disable")
        }
        return config
    }

    /// The URL without a password, safe for logs and messages.
    public var redactedURL: String {
        var c = URLComponents()
        c.scheme = "postgres"
        c.user = user
        c.host = host
        c.port = port
        c.path = "/" + database
        var items = [URLQueryItem(name: "sslmode", value: tlsMode.rawValue)]
        if let caFile { items.append(URLQueryItem(name: "sslrootcert", value: caFile)) }
        c.queryItems = items
        return c.string ?? "postgres://\(user)@\(host):\(port)/\(database)"
    }
}

extension PostgresStoreConfiguration: CustomStringConvertible {
    public var description: String { redactedURL }
}
