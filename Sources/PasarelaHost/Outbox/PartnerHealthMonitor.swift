import Foundation
import Logging
import PasarelaKit
import Synchronization

/// Follows each partner's attempts: a delivered one ends its run of failures; a failed one starts
/// it and, once the run is `disableAfter` old, disables the partner, whose deliveries then wait,
/// pending, until an operator enables it again (`PATCH /partners/{id} {"status": "enabled"}`).
/// Of several hosts, the one whose write disabled the partner reports it.
struct PartnerHealthMonitor: Sendable {
    let partners: PartnerDirectory
    /// `delivery.disable_after_hours` in seconds; `nil` never disables.
    let disableAfter: TimeInterval?
    let clock: any WallClock
    let logger: Logger
    let metrics: HostMetrics
    /// Where `partner.disabled` and `delivery.dead_lettered` go, once the host has wired it.
    let bus: LateEventBus
    /// When each partner was last read healthy (no run of failures in the database).
    let healthyReads = HealthyReads()

    /// How long a read that found a partner healthy stands for later successes: a run of failures
    /// another host begins meanwhile is ended at most this much later (by the next read).
    static let healthyReadLifetime: Duration = .seconds(1)

    /// Notes what `attempts` (recorded) say of their partners. A partner with a delivered attempt
    /// among them is healthy; attempts cut short by shutdown, and deliveries whose partner is
    /// gone, say nothing.
    func note(_ attempts: [DeliveryWorker.Concluded], written: [Bool]) async {
        var delivered: [String: Bool] = [:]
        for attempt in attempts where attempt.tellsHealth {
            let partner = attempt.record.delivery.partnerID
            let ok = attempt.record.attempt.statusCode.map { (200...299).contains($0) } ?? false
            delivered[partner] = delivered[partner, default: false] || ok
        }
        // Only states this host wrote: a record refused (its lease ran out) is another host's to report.
        await reportDeadLetters(zip(attempts, written).filter(\.1).map(\.0))
        for (partner, ok) in delivered {
            do {
                if ok { try await noteSuccess(partner) } else { try await noteFailure(partner) }
            } catch {
                logger.warning("cannot note a partner's delivery health", metadata: ["partner_id": "\(partner)", "error": "\(error)"])
            }
        }
    }

    /// Sends `delivery.dead_lettered` for each delivery the attempts gave up on, but those that
    /// carried an operational event themselves (two dead bus partners must not feed each other).
    private func reportDeadLetters(_ attempts: [DeliveryWorker.Concluded]) async {
        guard let bus = bus.current else { return }
        for attempt in attempts where attempt.record.delivery.status == .dead {
            let delivery = attempt.record.delivery
            guard !EventBus.operationalTypes.contains(delivery.eventType) else { continue }
            await bus.publish(
                EventBus.deliveryDeadLettered,
                data: .object([
                    "delivery_id": .string(delivery.id), "partner_id": .string(delivery.partnerID), "event_id": .string(delivery.eventID),
                    "event_type": .string(delivery.eventType.rawValue), "attempts": .number(String(delivery.attemptCount)),
                    "last_error": delivery.lastError.map(JSONValue.string) ?? .null,
                ]),
                excluding: [delivery.partnerID])
        }
    }

    private func noteSuccess(_ partner: String) async throws {
        // Most partners are healthy: no write unless a run of failures is going on, as the
        // database has it now (another host may have begun one since this host's cache was read),
        // and no read either while the last one, less than a second ago, found none.
        guard !healthyReads.isFresh(partner) else { return }
        guard try await partners.storage.partner(id: partner)?.failingSince != nil else {
            healthyReads.note(partner)
            return
        }
        try await partners.storage.notePartnerSuccess(id: partner)
        partners.forget(partner)
    }

    private func noteFailure(_ partner: String) async throws {
        healthyReads.forget(partner)
        let now = clock.now()
        let reason = "every delivery attempt failed for \(Self.spoken(disableAfter ?? 0))"
        // Made before the write, stored by it: the notice exists exactly when the partner was disabled.
        let notice: JSONValue = .object([
            "partner_id": .string(partner), "reason": .string(reason), "disabled_at": .string(ISOTimestamp.format(now)),
        ])
        let announcements =
            disableAfter == nil ? [] : bus.current?.copies(of: EventBus.partnerDisabled, data: notice, source: nil, excluding: [partner]) ?? []
        let disabled = try await partners.storage.notePartnerFailure(
            id: partner, at: now, disableIfFailingSince: disableAfter.map { now.addingTimeInterval(-$0) }, reason: reason,
            announcements: announcements)
        partners.forget(partner)
        guard disabled else { return }
        partners.controls.expire()
        metrics.partnersDisabled.counter(partner, "failing").increment()
        bus.current?.outbox.queued(announcements)
        logger.warning("partner disabled: its deliveries wait until it is enabled again", metadata: ["partner_id": "\(partner)", "reason": "\(reason)"])
    }

    /// `seconds` in words: `120 hours`, `1.5 hours`, `1.8 seconds`.
    static func spoken(_ seconds: TimeInterval) -> String {
        let (amount, unit) = seconds >= 3_600 ? (seconds / 3_600, "hours") : seconds >= 60 ? (seconds / 60, "minutes") : (seconds, "seconds")
        let rounded = (amount * 100).rounded() / 100
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(text) \(unit)"
    }
}

/// The event bus, for the services made before it (the delivery worker): set once the host has wired it.
final class LateEventBus: Sendable {
    private let bus = Mutex<EventBus?>(nil)

    /// The bus, once set.
    var current: EventBus? { bus.withLock { $0 } }

    func set(_ bus: EventBus) {
        self.bus.withLock { $0 = bus }
    }
}

/// When partners were last read healthy, for ``PartnerHealthMonitor``.
final class HealthyReads: Sendable {
    private let reads = Mutex<[String: ContinuousClock.Instant]>([:])

    func isFresh(_ partner: String) -> Bool {
        reads.withLock { $0[partner].map { ContinuousClock.now - $0 < PartnerHealthMonitor.healthyReadLifetime } ?? false }
    }

    func note(_ partner: String) {
        reads.withLock { $0[partner] = ContinuousClock.now }
    }

    func forget(_ partner: String) {
        _ = reads.withLock { $0.removeValue(forKey: partner) }
    }
}
