import Foundation
import PasarelaKit

extension OutboxStore {
    /// Queues `delivery` to be sent again now, for `POST /deliveries/{id}/retry` and the console.
    /// Refused (409 `invalid_state`) when it was delivered, or when a host is sending it right now.
    func retryNow(_ delivery: Delivery, at now: Date) async throws -> Delivery {
        guard delivery.status != .delivered else {
            throw PasarelaError(.invalidState, "delivery \(delivery.id) was already delivered")
        }
        guard let requeued = try await requeueDelivery(id: delivery.id, now: now), requeued.status == .pending, requeued.leaseUntil == nil
        else {
            throw PasarelaError(.invalidState, "delivery \(delivery.id) is being sent right now")
        }
        return requeued
    }
}
