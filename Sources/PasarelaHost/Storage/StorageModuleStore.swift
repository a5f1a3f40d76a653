import PasarelaKit

/// A module's key-value store, kept in the host's storage under the module instance's scope.
struct StorageModuleStore: ModuleStore {
    let storage: any PasarelaStorage
    let scope: String

    func value(forKey key: String) async throws -> [UInt8]? {
        try await storage.moduleValue(scope: scope, key: key)
    }

    func setValue(_ value: [UInt8], forKey key: String) async throws {
        try await storage.setModuleValue(value, scope: scope, key: key)
    }

    func removeValue(forKey key: String) async throws {
        try await storage.removeModuleValue(scope: scope, key: key)
    }
}
