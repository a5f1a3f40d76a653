import Foundation
import Logging
import PasarelaKit
import ServiceLifecycle
import Synchronization

/// Sends what the outbox holds: claims due deliveries, signs and posts them, records every
/// attempt and schedules retries. Partners are served in parallel, a few deliveries each, so a
/// slow or dead partner never delays the others (see ``DeliverySlots``). Each attempt is bounded
/// as a whole by `timeout` (see ``WebhookSender``). On graceful shutdown it stops claiming and
/// lets the attempts in flight finish for at most `drain`; those still running then are cancelled
/// and their deliveries left due, for another host or the next start.
final class DeliveryWorker: Service {
    struct Settings: Sendable {
        var schedule: RetrySchedule
        var lease: TimeInterval
        var identity: String
        var sender: WebhookSender
        /// Attempts in flight at most per partner by default: enough for a busy partner's records
        /// and claims to be written several at a time; claims serve the least busy partners first.
        static let defaultPerPartner = 16
        var maximumInFlight = 32
        var perPartner = defaultPerPartner
        var pollInterval: Duration = .milliseconds(500)
        /// How long graceful shutdown waits for attempts in flight.
        var drain: Duration
        /// `delivery.disable_after_hours` in seconds; `nil` never disables a partner.
        var disableAfter: TimeInterval?

        init(schedule: RetrySchedule, lease: TimeInterval, identity: String, sender: WebhookSender) {
            self.schedule = schedule
            self.lease = lease
            self.identity = identity
            self.sender = sender
            drain = min(sender.timeout, .seconds(5))
        }
    }

    enum Signal {
        case wake
        /// Attempts have ended and are recorded.
        case finished([Concluded])
        /// Graceful shutdown waited `drain` for the attempts in flight.
        case drained
    }

    let storage: any OutboxStore
    let partners: PartnerDirectory
    let clock: any WallClock
    let settings: Settings
    let logger: Logger
    let metrics: HostMetrics
    let health: PartnerHealthMonitor
    /// Where operational events go, set once the host has made the event bus.
    let bus = LateEventBus()
    private let signals: AsyncStream<Signal>
    private let continuation: AsyncStream<Signal>.Continuation
    private let stopping = Mutex(false)
    /// A wake is queued and not handled yet.
    private let wakePending = Atomic(false)
    /// Attempts ended and not recorded yet, and whether an attempt's task is recording some.
    private let unrecorded = Mutex<(attempts: [Concluded], recording: Bool)>(([], false))

    init(
        storage: any OutboxStore, partners: PartnerDirectory, clock: any WallClock, settings: Settings, logger: Logger, metrics: HostMetrics
    ) {
        self.storage = storage
        self.partners = partners
        self.clock = clock
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        health = PartnerHealthMonitor(
            partners: partners, disableAfter: settings.disableAfter, clock: clock, logger: logger, metrics: metrics, bus: bus)
        (signals, continuation) = AsyncStream.makeStream(of: Signal.self)
    }

    /// Asks the worker to look for due deliveries now. Wakes that come while one waits are one:
    /// a burst of queued events must not bury the signals of finished attempts behind it.
    @Sendable func wake() {
        if wakePending.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            continuation.yield(.wake)
        }
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            // Discarding: an attempt's task is freed when it ends, not kept until the worker stops.
            await withDiscardingTaskGroup { group in
                group.addTask { [settings] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: settings.pollInterval)
                        self.wake()
                    }
                }
                await serve(signals, in: &group)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            self.continuation.yield(.wake)
        }
        logger.info("delivery worker stopped")
    }

    /// Starts attempts as slots free up, until shutdown has drained them.
    private func serve(_ signals: AsyncStream<Signal>, in group: inout DiscardingTaskGroup) async {
        var slots = DeliverySlots(total: settings.maximumInFlight, perPartner: settings.perPartner)
        var draining = false
        // Claimed again while their attempt here was still going on: started once it ends.
        var claimedAgain: [String: Delivery] = [:]
        for await signal in signals {
            var ready: [Delivery] = []
            switch signal {
            case .finished(let attempts):
                for attempt in attempts {
                    slots.release(attempt.record.delivery, answered: attempt.answered)
                    if let again = claimedAgain.removeValue(forKey: attempt.record.delivery.id) { ready.append(again) }
                }
            case .wake:
                wakePending.store(false, ordering: .relaxed)
            case .drained:
                // The attempts still in flight end now; each leaves its delivery due.
                group.cancelAll()
            }
            if stopping.withLock({ $0 }) {
                if slots.isEmpty { return }
                if !draining {
                    draining = true
                    group.addTask { [continuation, settings] in
                        try? await Task.sleep(for: settings.drain)
                        continuation.yield(.drained)
                    }
                }
                continue
            }
            let claiming = if case .finished = signal { slots.claimIsDue } else { true }
            if claiming { ready += await claim(slots) }
            for delivery in ready {
                // One claimed again while its attempt here goes on (its record made it due again, or its
                // lease ran out) is never sent twice at once: it waits for that attempt to end.
                guard slots.take(delivery) else {
                    claimedAgain[delivery.id] = delivery
                    continue
                }
                group.addTask { await self.record(self.attempt(delivery)) }
            }
            if claiming { slots.claimed() }
        }
    }

    /// Records `attempt` with those that end meanwhile: group commit. The first attempt to end
    /// records, in one transaction, every attempt ended until then, and goes on while more end;
    /// the others only leave theirs. Recorded attempts are signalled to free their slots.
    private func record(_ attempt: Concluded) async {
        let leads = unrecorded.withLock { unrecorded in
            unrecorded.attempts.append(attempt)
            defer { unrecorded.recording = true }
            return !unrecorded.recording
        }
        guard leads else { return }
        while true {
            let batch = unrecorded.withLock { unrecorded in
                defer { unrecorded.attempts = [] }
                unrecorded.recording = !unrecorded.attempts.isEmpty
                return unrecorded.attempts
            }
            if batch.isEmpty { return }
            // A cancelled task's storage calls may be cancelled too; the records must still be made.
            let written = await Task { [storage, logger] in await Self.record(batch.map(\.record), in: storage, logger: logger) }.value
            await health.note(batch, written: written)
            continuation.yield(.finished(batch))
        }
    }

    /// Claims due deliveries for the free slots, as the partners' controls allow (``claimControlled(_:now:)``).
    private func claim(_ slots: DeliverySlots) async -> [Delivery] {
        guard slots.free > 0 else { return [] }
        do {
            return try await claimControlled(slots, now: clock.now())
        } catch {
            logger.error("cannot claim deliveries", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// A seed envelope with its `timestamp` set to `date`: seed receivers check the payload's
    /// time, so a retry hours later must carry the time it is sent. `event_id` stays the same.
    static func restamped(_ body: [UInt8], at date: Date) -> [UInt8] {
        guard let json = try? JSONValue.parse(body), var envelope = PartnerEnvelope(json: json), envelope.timestamp != nil else {
            return body
        }
        envelope.timestamp = date
        return Array(envelope.json.pythonCanonical().utf8)
    }

    /// What an attempt led to, as counted in `pasarela_deliveries_total`: `delivered`, `retry`
    /// (pending again), `dead` or `disabled`.
    static func outcome(of status: DeliveryStatus) -> String {
        status == .pending ? "retry" : status.rawValue
    }
}
