import Foundation

/// Durable key-value storage scoped to one module instance, provided by the host.
///
/// ```swift
/// try await context.store.save(record, forKey: "payment/\(id)")
/// let record: MockRecord? = try await context.store.load(MockRecord.self, forKey: "payment/\(id)")
/// ```
public protocol ModuleStore: Sendable {
    /// The bytes stored under `key`, or `nil`.
    func value(forKey key: String) async throws -> [UInt8]?
    /// Stores `value` under `key`, replacing what was there.
    func setValue(_ value: [UInt8], forKey key: String) async throws
    /// Removes `key`; removing a missing key is not an error.
    func removeValue(forKey key: String) async throws
}

extension ModuleStore {
    /// Decodes the JSON stored under `key`.
    public func load<Value: Decodable>(_ type: Value.Type, forKey key: String) async throws -> Value? {
        guard let bytes = try await value(forKey: key) else { return nil }
        return try JSONDecoder().decode(Value.self, from: Data(bytes))
    }

    /// Stores `value` as JSON under `key`.
    public func save(_ value: some Encodable, forKey key: String) async throws {
        try await setValue(Array(JSONEncoder().encode(value)), forKey: key)
    }
}
