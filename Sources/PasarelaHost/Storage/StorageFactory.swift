/// Opens the storage a `storage.url` names: `sqlite:PATH` or `sqlite::memory:`.
enum StorageFactory {
    /// Checks that `url` names a storage this host supports.
    static func validate(url: String) throws(ConfigurationError) {
        guard url.hasPrefix("sqlite:") else {
            throw ConfigurationError(key: "storage.url", "unsupported storage scheme '\(url.prefix { $0 != ":" })' (expected sqlite:PATH or sqlite::memory:)")
        }
        guard url.count > "sqlite:".count else {
            throw ConfigurationError(key: "storage.url", "sqlite: needs a file path or :memory:")
        }
    }

    static func open(url: String) throws(ConfigurationError) -> any PasarelaStorage {
        try validate(url: url)
        let path = String(url.dropFirst("sqlite:".count))
        do {
            return try SQLiteStorage(path: path)
        } catch {
            throw ConfigurationError(key: "storage.url", "cannot open \(path): \(error)")
        }
    }
}
