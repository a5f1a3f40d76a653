import Foundation
import PasarelaKit

/// Hands normalized payment events to the packs: each status change a pack subscribes to
/// becomes an inbox event under the pseudo-partner `payments:{instance}`, written in the same
/// transaction as the payment, so no change is lost between the two.
struct PaymentEventInbox: Sendable {
    static let partnerPrefix = "payments:"

    /// The event types some pack subscribes to.
    let wanted: Set<EventType>
    let wakeup: InboxWakeup
    /// The event bus, whose partners may want payment events too.
    var bus: EventBus?

    /// The inbox events for `events`, those of types a pack or a bus partner wants only.
    func inboxEvents(for payment: Payment, _ events: [PaymentEventRecord]) -> [InboxEvent] {
        events.filter { wanted.contains($0.type) || bus?.takes($0.type) == true }.map { event in
            let body = JSONValue.object([
                "payment_id": .string(payment.id), "payment_event_id": .string(event.id), "status": .string(event.status.rawValue),
                "previous_status": event.previousStatus.map { .string($0.rawValue) } ?? .null,
            ])
            return InboxEvent(
                id: event.id, partnerID: Self.partnerPrefix + payment.instance, dedupeKey: "payment-event:\(event.id)",
                eventType: event.type, partnerEventID: nil, body: Array(body.serialized().utf8), status: .received,
                receivedAt: event.occurredAt)
        }
    }

    /// Wakes the dispatcher once `events` are stored.
    func stored(_ events: [InboxEvent]) {
        if !events.isEmpty { wakeup.wake() }
    }

    /// The payment id of a stored payment event's body.
    static func paymentID(in body: [UInt8]) -> String? {
        (try? JSONValue.parse(body))?["payment_id"]?.stringValue
    }
}
