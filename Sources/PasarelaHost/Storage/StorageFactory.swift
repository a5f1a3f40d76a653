/// Opens the storage a `storage.url` names.
enum StorageFactory {
    static func open(url: String) throws(ConfigurationError) -> any PasarelaStorage {
        guard url.hasPrefix("sqlite:") else {
            throw ConfigurationError(key: "storage.url", "unsupported storage '\(url)' (expected sqlite:PATH or sqlite::memory:)")
        }
        let path = String(url.dropFirst("sqlite:".count))
        guard !path.isEmpty else { throw ConfigurationError(key: "storage.url", "sqlite: needs a file path or :memory:") }
        do {
            return try SQLiteStorage(path: path)
        } catch {
            throw ConfigurationError(key: "storage.url", "cannot open \(path): \(error)")
        }
    }
}
