/// An event-handler pack: reacts to partner and payment events, keeps its own state, emits
/// events to partners, and serves its own admin routes.
///
/// The host hands every event whose type is in ``subscriptions`` to ``handle(_:in:)``, once per
/// event id, and mounts ``routes``. Handling and route calls of one pack run one at a time. What
/// a call writes to its ``PackSession`` and the events it emits there are committed together
/// when it returns, and not at all when it throws: no event leaves for a change that rolled
/// back, and no change is kept without its events. A thrown error is retried later with
/// backoff (events) or answered to the caller (routes).
///
/// ```swift
/// struct GreeterPack: EventHandlerPack {
///     let subscriptions: Set<EventType> = ["guest.arrived"]
///     var routes: [PackRoute] { [.get("/greetings") { _, session in .ok(.array(try await session.documents(withPrefix: "greeting/").map(\.value))) }] }
///     func handle(_ event: PackEvent, in session: PackSession) async throws {
///         session.setDocument(event.data, forKey: "greeting/\(event.id)")
///         session.emit("guest.greeted", data: event.data, to: "front-desk")
///     }
/// }
/// ```
public protocol EventHandlerPack: Sendable {
    /// The event types the pack handles: partner event types (`service.booked_for_event`) and
    /// normalized payment event types (`payment.succeeded`).
    var subscriptions: Set<EventType> { get }
    /// The routes the host mounts for the pack, behind the admin token.
    var routes: [PackRoute] { get }
    /// Handles one event; what it writes and emits through `session` is committed when it returns.
    func handle(_ event: PackEvent, in session: PackSession) async throws
    /// The event types the pack sends (every type it emits must be here) and receives, for the
    /// host's event catalog (`GET /event-types`); the conformance kit checks the emissions.
    ///
    /// - Since: ADK 2.1.
    var eventTypes: [EventTypeDeclaration] { get }
}

extension EventHandlerPack {
    /// None: a pack that emits events should declare them.
    public var eventTypes: [EventTypeDeclaration] { [] }
}
