/// The committed documents of one pack, as the host (or a test harness) keeps them.
public protocol PackStateReader: Sendable {
    /// The document stored under `key`.
    func document(forKey key: String) async throws -> JSONValue?
    /// Every document whose key starts with `prefix`.
    func documents(withPrefix prefix: String) async throws -> [PackDocument]
}

/// A stored document and its key.
public struct PackDocument: Hashable, Sendable {
    /// `reservation/RES-1`.
    public var key: String
    public var value: JSONValue

    /// A document `value` stored under `key`.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
