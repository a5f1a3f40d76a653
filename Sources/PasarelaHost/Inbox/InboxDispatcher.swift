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
    /// may take it: longer than a batch of handlers takes, short enough for a crashed host.
    static let lease: TimeInterval = 120
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
                batch = try await storage.claimDueInboxEvents(now: now, leaseUntil: now.addingTimeInterval(Self.lease), limit: Self.batch)
                for event in batch { try await dispatch(event) }
            } while batch.count == Self.batch
        } catch {
            logger.error("inbox dispatch failed", metadata: ["error": "\(error)"])
        }
    }

    private func dispatch(_ event: InboxEvent) async throws {
        let earlier = Dictionary(uniqueKeysWithValues: try await storage.handlerRuns(eventID: event.id).map { ($0.handler, $0) })
        var runs: [InboxHandlerRun] = []
        var attempts = 0
        for handler in handlers where handler.subscribes(to: event.eventType) {
            var run = earlier[handler.name] ?? InboxHandlerRun(eventID: event.id, handler: handler.name, succeeded: false, attempts: 0, lastError: nil)
            guard !run.succeeded else { continue }
            run.attempts += 1
            do {
                try await handler.handle(event)
                run.succeeded = true
                run.lastError = nil
            } catch {
                run.lastError = "\(error)"
                logger.warning(
                    "inbox handler failed",
                    metadata: ["event_id": "\(event.id)", "handler": "\(handler.name)", "error": "\(error)"])
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
