import PasarelaKit

/// A pack's committed documents, read from the host's storage.
struct StoragePackState: PackStateReader {
    let storage: any PasarelaStorage
    let scope: String

    func document(forKey key: String) async throws -> JSONValue? {
        guard let bytes = try await storage.moduleValue(scope: scope, key: key) else { return nil }
        return try JSONValue.parse(bytes)
    }

    func documents(withPrefix prefix: String) async throws -> [PackDocument] {
        try await storage.moduleValues(scope: scope, keyPrefix: prefix).map { stored in
            PackDocument(key: stored.key, value: try JSONValue.parse(stored.value))
        }
    }
}
