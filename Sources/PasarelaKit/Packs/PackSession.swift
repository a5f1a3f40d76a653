import Foundation
import Synchronization

/// One pack call's view of the pack's state, and the events it emits.
///
/// Reads see what is committed plus what this session wrote. Writes and emissions are only
/// staged: the host commits them together when the call returns, and drops them when it throws.
///
/// ```swift
/// var reservation = try await session.document(forKey: "reservation/\(id)") ?? .object([:])
/// session.setDocument(reservation, forKey: "reservation/\(id)")
/// session.emit("event.updated", data: .object(["reservation_id": .string(id)]), to: "findyourwork")
/// ```
public final class PackSession: Sendable {
    /// The time of the call, from the host's clock.
    public let now: Date
    private let state: any PackStateReader
    private let staged = Mutex(PackChanges())

    /// A session over `state`, the pack's committed documents.
    public init(state: any PackStateReader, now: Date) {
        self.state = state
        self.now = now
    }

    /// The document stored under `key`, counting this session's own writes.
    public func document(forKey key: String) async throws -> JSONValue? {
        if let write = staged.withLock({ $0.writes[key] }) { return write }
        return try await state.document(forKey: key)
    }

    /// Every document whose key starts with `prefix`, sorted by key, counting this session's own writes.
    public func documents(withPrefix prefix: String) async throws -> [PackDocument] {
        var merged: [String: JSONValue] = [:]
        for document in try await state.documents(withPrefix: prefix) { merged[document.key] = document.value }
        for (key, write) in staged.withLock({ $0.writes }) where key.hasPrefix(prefix) { merged[key] = write }
        return merged.sorted { $0.key < $1.key }.map { PackDocument(key: $0.key, value: $0.value) }
    }

    /// Stages `document` under `key`, replacing what is there.
    public func setDocument(_ document: JSONValue, forKey key: String) {
        staged.withLock { $0.writes[key] = .some(document) }
    }

    /// Stages the removal of `key`.
    public func removeDocument(forKey key: String) {
        staged.withLock { $0.writes[key] = .some(nil) }
    }

    /// Stages an event of `type` with `data` for the partner `partnerID`; the host wraps it in
    /// the partner envelope, signs it with the partner's scheme and delivers it with retries.
    public func emit(_ type: EventType, data: JSONValue, to partnerID: String) {
        staged.withLock { $0.emissions.append(PackEmission(eventType: type, data: data, partnerID: partnerID)) }
    }

    /// What the session staged, for the host to commit.
    public var changes: PackChanges {
        staged.withLock { $0 }
    }
}

/// The committed documents of one pack, as the host (or a test harness) keeps them.
public protocol PackStateReader: Sendable {
    /// The document stored under `key`.
    func document(forKey key: String) async throws -> JSONValue?
    /// Every document whose key starts with `prefix`.
    func documents(withPrefix prefix: String) async throws -> [PackDocument]
}

/// A stored document and its key.
public struct PackDocument: Hashable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// What a session staged: document writes (`nil` removes) and emitted events, in order.
public struct PackChanges: Hashable, Sendable {
    public var writes: [String: JSONValue?] = [:]
    public var emissions: [PackEmission] = []

    public init(writes: [String: JSONValue?] = [:], emissions: [PackEmission] = []) {
        self.writes = writes
        self.emissions = emissions
    }
}

/// An event a pack emitted to a partner.
public struct PackEmission: Hashable, Sendable {
    public var eventType: EventType
    public var data: JSONValue
    public var partnerID: String

    public init(eventType: EventType, data: JSONValue, partnerID: String) {
        self.eventType = eventType
        self.data = data
        self.partnerID = partnerID
    }
}
