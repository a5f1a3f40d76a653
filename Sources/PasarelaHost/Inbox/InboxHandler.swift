import PasarelaKit

/// Something that acts on inbound events: the handler packs (issue #4) plug in here.
///
/// The dispatcher runs each subscribed handler once per event; a handler that throws is run
/// again with backoff until it succeeds, and handlers that already succeeded are not run again.
protocol InboxHandler: Sendable {
    /// A stable name, recorded with each run.
    var name: String { get }
    func subscribes(to type: EventType) -> Bool
    func handle(_ event: InboxEvent) async throws
}

/// One handler's runs on one event.
public struct InboxHandlerRun: Hashable, Sendable {
    public var eventID: String
    public var handler: String
    public var succeeded: Bool
    public var attempts: Int
    public var lastError: String?
    /// What the run emitted that was not delivered (a pack's emission its partner does not take).
    public var skipped: [SkippedEmission]

    /// `failed`, `succeeded`, or `skipped` when the run succeeded but some of what it emitted was
    /// not delivered: what `GET /events/{id}` and the console show.
    public var outcome: String {
        guard succeeded else { return "failed" }
        return skipped.isEmpty ? "succeeded" : "skipped"
    }

    public init(eventID: String, handler: String, succeeded: Bool, attempts: Int, lastError: String?, skipped: [SkippedEmission] = []) {
        self.eventID = eventID
        self.handler = handler
        self.succeeded = succeeded
        self.attempts = attempts
        self.lastError = lastError
        self.skipped = skipped
    }
}
