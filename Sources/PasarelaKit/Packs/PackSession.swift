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

    /// Publishes an event of `type` with `data` to the host's event bus: every partner with
    /// `event_bus: true` whose `events` take the type gets it (none when there is none), with the
    /// call's other changes.
    ///
    /// - Since: ADK 2.1.
    public func publish(_ type: EventType, data: JSONValue) {
        staged.withLock { $0.emissions.append(PackEmission(eventType: type, data: data, partnerID: PackEmission.eventBus)) }
    }

    /// What the session staged, for the host to commit.
    public var changes: PackChanges {
        staged.withLock { $0 }
    }
}
