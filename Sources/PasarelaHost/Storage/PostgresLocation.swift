import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, read from a `postgres://user:password@host:port/database` URL.
///
/// Query parameters: `sslmode` (`require` turns TLS on; anything else, or none, leaves it off) and
/// `search_path` (the schema the tables live in, for several hosts or tests sharing a database).
struct PostgresLocation: Sendable, Equatable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var requiresTLS: Bool
    var searchPath: String?

    static let schemes: Set<String> = ["postgres", "postgresql"]

    /// Whether `url` starts with a PostgreSQL scheme.
    static func isPostgres(_ url: String) -> Bool {
        schemes.contains { url.lowercased().hasPrefix("\($0)://") }
    }

    /// Reads `url`; the error messages never include the password.
    init(url: String) throws(ConfigurationError) {
        let shown = ConfigurationReport.redactedURL(url)
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), Self.schemes.contains(scheme)
        else {
            throw ConfigurationError(key: "storage.url", "'\(shown)' is not a postgres://user:password@host:port/database URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(key: "storage.url", "'\(shown)' names no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw ConfigurationError(key: "storage.url", "'\(shown)' names no user")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw ConfigurationError(key: "storage.url", "'\(shown)' names no database (postgres://user:password@host:port/database)")
        }
        var requiresTLS = false
        var searchPath: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                let modes = ["disable", "allow", "prefer", "require"]
                guard let mode = item.value, modes.contains(mode) else {
                    throw ConfigurationError(
                        key: "storage.url", "sslmode '\(item.value ?? "")' is not supported (disable, prefer or require)")
                }
                requiresTLS = mode == "require"
            case "search_path":
                guard let value = item.value, !value.isEmpty else {
                    throw ConfigurationError(key: "storage.url", "search_path needs a schema name")
                }
                searchPath = value
            default:
                throw ConfigurationError(key: "storage.url", "unknown parameter '\(item.name)' (sslmode or search_path)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = database
        self.requiresTLS = requiresTLS
        self.searchPath = searchPath
    }

    private var startupParameters: [(String, String)] {
        searchPath.map { [("search_path", $0)] } ?? []
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: requiresTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: requiresTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
