import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, read from a `postgres://user:password@host:port/database` URL.
///
/// Query parameters: `sslmode` (see ``TLSMode``; `disable` when absent), `sslrootcert` (a PEM file of
/// the certificate authorities to trust instead of the system's, with `verify-ca` or `verify-full`)
/// and `search_path` (the schema the tables live in, for several hosts or tests sharing a database).
struct PostgresLocation: Sendable, Equatable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var tlsMode: TLSMode
    /// `sslrootcert`: where the trusted certificate authorities are, when not the system's.
    var rootCertificatePath: String?
    var searchPath: String?

    /// How the connection uses TLS, by libpq's `sslmode` names.
    enum TLSMode: String, CaseIterable, Sendable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, unverified; without it if not (no protection from an active attacker).
        case prefer
        /// TLS or no connection; the server's certificate is not verified.
        case require
        /// TLS with a certificate signed by a trusted authority, for any host name.
        case verifyCA = "verify-ca"
        /// TLS with a certificate signed by a trusted authority and naming the host connected to.
        case verifyFull = "verify-full"

        static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
    }

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
        var tlsMode = TLSMode.disable
        var rootCertificatePath: String?
        var searchPath: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw ConfigurationError(key: "storage.url", "sslmode '\(item.value ?? "")' is not supported (\(TLSMode.names))")
                }
                tlsMode = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { throw ConfigurationError(key: "storage.url", "sslrootcert needs a file path") }
                rootCertificatePath = path
            case "search_path":
                guard let value = item.value, !value.isEmpty else {
                    throw ConfigurationError(key: "storage.url", "search_path needs a schema name")
                }
                searchPath = value
            default:
                throw ConfigurationError(key: "storage.url", "unknown parameter '\(item.name)' (sslmode, sslrootcert or search_path)")
            }
        }
        guard rootCertificatePath == nil || [.verifyCA, .verifyFull].contains(tlsMode) else {
            throw ConfigurationError(key: "storage.url", "sslrootcert is only used with sslmode=verify-ca or verify-full")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = database
        self.tlsMode = tlsMode
        self.rootCertificatePath = rootCertificatePath
        self.searchPath = searchPath
    }

    private var startupParameters: [(String, String)] {
        searchPath.map { [("search_path", $0)] } ?? []
    }

    /// The TLS settings ``tlsMode`` asks for; `nil` for `disable`.
    func tlsConfiguration() throws(ConfigurationError) -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable: return nil
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let rootCertificatePath {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificatePath))
            } catch {
                throw ConfigurationError(key: "storage.url", "cannot read sslrootcert '\(rootCertificatePath)' as PEM certificates: \(error)")
            }
        }
        return tls
    }

    /// The pool's configuration.
    func clientConfiguration() throws(ConfigurationError) -> PostgresClient.Configuration {
        var tls = PostgresClient.Configuration.TLS.disable
        if let settings = try tlsConfiguration() {
            tls = tlsMode == .prefer ? .prefer(settings) : .require(settings)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The configuration of a single connection (migrations, tests).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var tls = PostgresConnection.Configuration.TLS.disable
        if let settings = try tlsConfiguration() {
            let context = try NIOSSLContext(configuration: settings)
            tls = tlsMode == .prefer ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
