import Logging

/// Opens the storage a `storage.url` names: `sqlite:PATH`, `sqlite::memory:`, or
/// `postgres://user:password@host:port/database` (also `postgresql://`).
enum StorageFactory {
    /// Checks that `url` names a storage this host supports.
    static func validate(url: String) throws(ConfigurationError) {
        if PostgresLocation.isPostgres(url) {
            _ = try PostgresLocation(url: url)
            return
        }
        guard url.hasPrefix("sqlite:") else {
            throw ConfigurationError(
                key: "storage.url",
                "unsupported storage scheme '\(url.prefix { $0 != ":" })' (expected sqlite:PATH, sqlite::memory: or postgres://…)")
        }
        guard url.count > "sqlite:".count else {
            throw ConfigurationError(key: "storage.url", "sqlite: needs a file path or :memory:")
        }
    }

    /// Opens the storage `url` names; a SQLite database syncs its commits as `sqliteSynchronous` says.
    static func open(url: String, sqliteSynchronous: SQLiteSynchronous = .full, logger: Logger) async throws(ConfigurationError)
        -> any PasarelaStorage
    {
        try validate(url: url)
        if PostgresLocation.isPostgres(url) {
            let location = try PostgresLocation(url: url)
            do {
                return try await PostgresStorage(location: location, logger: logger)
            } catch {
                throw ConfigurationError(
                    key: "storage.url",
                    "cannot open \(ConfigurationReport.redactedURL(url)): \(PostgresStorage.describe(error, hiding: location.password))")
            }
        }
        let path = String(url.dropFirst("sqlite:".count))
        do {
            return try SQLiteStorage(path: path, synchronous: sqliteSynchronous)
        } catch {
            throw ConfigurationError(key: "storage.url", "cannot open \(path): \(error)")
        }
    }
}
