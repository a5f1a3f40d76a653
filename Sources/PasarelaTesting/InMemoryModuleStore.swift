import PasarelaKit
import Synchronization

/// A `ModuleStore` in memory, for module tests.
public final class InMemoryModuleStore: ModuleStore {
    private let values = Mutex<[String: [UInt8]]>([:])

    public init() {}

    public func value(forKey key: String) async throws -> [UInt8]? {
        values.withLock { $0[key] }
    }

    public func setValue(_ value: [UInt8], forKey key: String) async throws {
        values.withLock { $0[key] = value }
    }

    public func removeValue(forKey key: String) async throws {
        _ = values.withLock { $0.removeValue(forKey: key) }
    }

    /// Every key stored, sorted.
    public var keys: [String] {
        values.withLock { $0.keys.sorted() }
    }
}
