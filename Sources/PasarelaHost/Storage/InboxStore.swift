import Foundation
import PasarelaKit

/// The inbox: inbound events, stored before they are acknowledged, and their handlers' runs.
public protocol InboxStore: Sendable {
    /// Stores inbound events in one transaction, each unless the same partner sent the same
    /// dedupe key before (earlier in the batch included), then calls `completion` with the
    /// outcome. Not `async`: the inbox batcher starts its next group commit from the completion,
    /// where the writer is, instead of hopping through a task between commits.
    ///
    /// `completion` runs exactly once, never before this call returns, with one insertion per
    /// event in order (or one error for the whole transaction).
    func insertInboxEvents(
        _ events: [InboxEvent], completion: @escaping @Sendable (Result<[InboxInsertion], any Error>) -> Void)
    func inboxEvent(id: String) async throws -> InboxEvent?
    /// Inbound events newest first.
    func inboxEvents(_ query: InboxQuery) async throws -> [InboxEvent]
    /// Inbound events waiting for their handlers (received, or failed and due again), oldest first.
    func dueInboxEvents(now: Date, limit: Int) async throws -> [InboxEvent]
    /// ``dueInboxEvents(now:limit:)``, each made not due again until `leaseUntil`, in one
    /// transaction: another host's dispatcher leaves them alone while this one runs their
    /// handlers, and takes them if this host dies first. ``recordHandling(eventID:runs:status:nextAttemptAt:)``
    /// then sets their next attempt.
    func claimDueInboxEvents(now: Date, leaseUntil: Date, limit: Int) async throws -> [InboxEvent]
    /// Extends this host's claim on an inbox event from `heldUntil` to `until`; `false` (changing
    /// nothing) when the claim was lost: the event was handled, or another host claimed it.
    func renewInboxClaim(eventID: String, heldUntil: Date, until: Date) async throws -> Bool
    /// The handler runs recorded for an event.
    func handlerRuns(eventID: String) async throws -> [InboxHandlerRun]
    /// Records handler runs and the event's new status and next attempt, in one transaction. A run
    /// recorded as succeeded (by a pack's own commit, say) stays succeeded.
    func recordHandling(eventID: String, runs: [InboxHandlerRun], status: InboxStatus, nextAttemptAt: Date?) async throws
}
