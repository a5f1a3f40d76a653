import Foundation
import PasarelaKit

/// The partners whose deliveries the worker treats apart (``DeliveryControls``): a disabled one's
/// wait; a fifo one's go one at a time, oldest first, through ``OutboxStore/claimNextInOrder(partnerID:now:leaseUntil:)``;
/// a paced one's start no closer than its `rate_limit_per_second` allows, across hosts.
extension DeliveryWorker {
    /// Claims due deliveries for the free slots: the ordinary claim, with the controlled
    /// partners' slots counted as full or nearly (a paced partner gets at most a second's worth
    /// a claim), then each idle fifo partner's next delivery.
    func claimControlled(_ slots: DeliverySlots, now: Date) async throws -> [Delivery] {
        let controls = try await partners.deliveryControls()
        var inFlight = slots.claimCounts
        for partner in controls.disabled.union(controls.inOrder) { inFlight[partner] = settings.perPartner }
        // A paced partner has few attempts in flight on this host (a tenth of a second's worth,
        // at least one), waiting included: no wait outlasts the lease, and an attempt that starts
        // late has few reserved slots behind it to crowd.
        for (partner, rate) in controls.rates where !controls.inOrder.contains(partner) {
            inFlight[partner] = inFlight[partner, default: 0] + settings.perPartner - max(1, min(settings.perPartner, rate / 10))
        }
        let leaseUntil = now.addingTimeInterval(settings.lease)
        var claimed = try await storage.claimDueDeliveries(
            now: now, leaseUntil: leaseUntil, limit: slots.free, perPartner: settings.perPartner, inFlight: inFlight)
        for partner in controls.inOrder.subtracting(controls.disabled).sorted() where claimed.count < slots.free {
            guard slots.claimCounts[partner, default: 0] == 0 else { continue }
            if let next = try await storage.claimNextInOrder(partnerID: partner, now: now, leaseUntil: leaseUntil) {
                claimed.append(next)
            }
        }
        return claimed
    }

    /// The time between two attempts' starts at `rate` a second: a tenth more than a `rate`th of
    /// a second, so that `rate + 1` attempts span 1.1 s and up to 100 ms of delay (a busy host,
    /// the network) cannot bring them into one second at the partner.
    static func spacing(perSecond rate: Int) -> TimeInterval {
        1.1 / Double(rate)
    }

    /// Waits, for a paced partner, until its next send slot (reserved in the database, so hosts
    /// take turns); at once for any other.
    func pace(_ delivery: Delivery) async {
        guard let controls = try? await partners.deliveryControls(), let rate = controls.rates[delivery.partnerID], rate > 0 else { return }
        do {
            let spacing = Self.spacing(perSecond: rate)
            let slot = try await partners.storage.reserveSendSlot(partnerID: delivery.partnerID, spacing: spacing, now: Date())
            let wait = slot.timeIntervalSinceNow
            guard wait > 0 else { return }
            metrics.rateLimitedWaits.counter(delivery.partnerID, String(rate)).increment()
            try await Task.sleep(for: .milliseconds(Int64((wait * 1_000).rounded(.up))))
            // Woken late (a busy host): the next slot moves as far, so the next attempt keeps its
            // distance from this one's real start.
            let late = -slot.timeIntervalSinceNow
            if late > 0.005 { _ = try await partners.storage.reserveSendSlot(partnerID: delivery.partnerID, spacing: late, now: Date()) }
        } catch {
            logger.warning("cannot pace a delivery", metadata: ["delivery_id": "\(delivery.id)", "error": "\(error)"])
        }
    }
}
