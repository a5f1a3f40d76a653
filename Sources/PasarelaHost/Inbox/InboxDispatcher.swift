import Foundation
import Logging
import PasarelaKit
import ServiceLifecycle
import Synchronization

/// Hands stored inbound events to the handlers that subscribe to them, retrying failed handlers
/// with backoff. An event with no subscribed handler is simply marked processed.
final class InboxDispatcher: Service {
    /// Seconds before each retry of a failed event; after the last one it stays `failed`.
    static let backoff: [TimeInterval] = [1, 5, 30, 120, 600, 1800, 3600, 3600, 3600, 3600]
    /// How long a claimed event is left to this host (several hosts, one database) before another
    /// may take it, short enough for a crashed host. Before each handler runs, a claim with less
    /// than ``handlerTimeout`` left is renewed, and a handler that runs longer is abandoned as
    /// failed, so a slow batch (deferred provider webhooks whose API hangs) never outlasts its claim.
    static let lease: TimeInterval = 120
    /// The longest one handler may run for one event.
    static let handlerTimeout: TimeInterval = 50
    /// How many events one claim takes.
    static let batch = 8

    private let storage: any PasarelaStorage
    private let handlers: [any InboxHandler]
    private let clock: any WallClock
    private let logger: Logger
    private let pollInterval: Duration
    private let wakeup: InboxWakeup

    init(
        storage: any PasarelaStorage, handlers: [any InboxHandler], clock: any WallClock, logger: Logger,
        wakeup: InboxWakeup = InboxWakeup(), pollInterval: Duration = .milliseconds(250)
    ) {
        self.storage = storage
        self.handlers = handlers
        self.clock = clock
        self.logger = logger
        self.wakeup = wakeup
        self.pollInterval = pollInterval
    }

    /// Whether any handler subscribes to `type`; events nobody wants are stored as processed and
    /// never dispatched.
    func wants(_ type: EventType) -> Bool {
        handlers.contains { $0.subscribes(to: type) }
    }

    /// Asks the dispatcher to look for new events now.
    @Sendable func wake() {
        wakeup.wake()
    }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeup, pollInterval] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: pollInterval)
                    wakeup.wake()
                }
            }
            group.addTask {
                for await _ in self.wakeup.signals.cancelOnGracefulShutdown() {
                    await self.dispatchDue()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Runs the handlers of every due event once, claiming a few at a time so that a claim's lease
    /// covers only what this host is about to handle.
    func dispatchDue() async {
        do {
            var batch: [InboxEvent]
            repeat {
                let now = clock.now()
                let leaseUntil = now.addingTimeInterval(Self.lease)
                batch = try await storage.claimDueInboxEvents(now: now, leaseUntil: leaseUntil, limit: Self.batch)
                for event in batch {
                    var claim = Claim(eventID: event.id, heldUntil: leaseUntil)
                    try await dispatch(event, claim: &claim)
                }
            } while batch.count == Self.batch
        } catch {
            logger.error("inbox dispatch failed", metadata: ["error": "\(error)"])
        }
    }

    /// This host's hold on one event, until ``heldUntil``.
    struct Claim {
        var eventID: String
        var heldUntil: Date
    }

    /// Makes sure `claim` outlasts one more handler run: renews it when less than
    /// ``handlerTimeout`` is left. `false` when another host has taken the event meanwhile.
    private func keep(_ claim: inout Claim) async throws -> Bool {
        let now = clock.now()
        guard claim.heldUntil.timeIntervalSince(now) < Self.handlerTimeout else { return true }
        let renewed = now.addingTimeInterval(Self.lease)
        guard try await storage.renewInboxClaim(eventID: claim.eventID, heldUntil: claim.heldUntil, until: renewed) else {
            logger.notice("inbox claim lost to another host", metadata: ["event_id": "\(claim.eventID)"])
            return false
        }
        claim.heldUntil = renewed
        return true
    }

    private func dispatch(_ event: InboxEvent, claim: inout Claim) async throws {
        let earlier = Dictionary(uniqueKeysWithValues: try await storage.handlerRuns(eventID: event.id).map { ($0.handler, $0) })
        var runs: [InboxHandlerRun] = []
        var attempts = 0
        for handler in handlers where handler.subscribes(to: event.eventType) {
            var run = earlier[handler.name] ?? InboxHandlerRun(eventID: event.id, handler: handler.name, succeeded: false, attempts: 0, lastError: nil)
            guard !run.succeeded else { continue }
            guard try await keep(&claim) else { return }
            run.attempts += 1
            do {
                try await Deadline.wait(.seconds(Self.handlerTimeout)) { try await handler.handle(event) }
                run.succeeded = true
                run.lastError = nil
            } catch {
                run.lastError = error is Deadline.Exceeded ? "the handler took longer than \(Int(Self.handlerTimeout)) s" : "\(error)"
                logger.warning(
                    "inbox handler failed",
                    metadata: ["event_id": "\(event.id)", "handler": "\(handler.name)", "error": "\(run.lastError ?? "")"])
            }
            attempts = max(attempts, run.attempts)
            runs.append(run)
        }
        let failed = runs.contains { !$0.succeeded }
        let nextAttempt = failed && attempts <= Self.backoff.count ? clock.now().addingTimeInterval(Self.backoff[attempts - 1]) : nil
        try await storage.recordHandling(
            eventID: event.id, runs: runs, status: failed ? .failed : .processed, nextAttemptAt: nextAttempt)
        logger.debug(
            "inbox event handled",
            metadata: [
                "event_id": "\(event.id)", "event_type": "\(event.eventType)", "source": "\(event.partnerID)",
                "status": "\(failed ? "failed" : "processed")", "handlers": "\(runs.count)",
            ])
    }
}
