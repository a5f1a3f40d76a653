import Foundation
import PasarelaKit

/// Puts a copy of each inbound event, and of each payment event, on the event bus: an inbox
/// handler, so a copy is made once per event, in the transaction that marks it handled.
struct EventBusHandler: InboxHandler {
    let name = "event-bus"
    let bus: EventBus
    let storage: any PasarelaStorage

    func subscribes(to type: EventType) -> Bool {
        type != ProviderWebhookInbox.deferredType && bus.takes(type)
    }

    func handle(_ event: InboxEvent) async throws {
        guard !event.partnerID.hasPrefix(ProviderWebhookInbox.partnerPrefix) else { return }
        // What a bus partner sends is not copied to the bus: two bus partners that echo what they
        // get back to the host would otherwise feed each other for ever.
        guard !bus.partners.contains(where: { $0.id == event.partnerID }) else { return }
        let copies = bus.copies(of: event.eventType, data: try await data(of: event), source: event.partnerID, excluding: [event.partnerID])
        let committed = try await storage.commitPackChanges(
            PackCommit(scope: "event-bus", writes: [:], deliveries: copies, handled: (event.id, name)))
        if committed { bus.outbox.queued(copies) }
    }

    /// What the bus partners get as `data`: the payment as the API shows it, with the status the
    /// event reports (and `previous_status`, `payment_event_id`), for a payment event; the
    /// partner's `data`, for a partner event.
    private func data(of event: InboxEvent) async throws -> JSONValue {
        if event.partnerID.hasPrefix(PaymentEventInbox.partnerPrefix) {
            guard let id = PaymentEventInbox.paymentID(in: event.body), let payment = try await storage.payment(id: id) else {
                throw PasarelaError(.invalidRequest, "the payment of event \(event.id) cannot be found")
            }
            // The payment as the event left it: a copy made later must not show a later status.
            let body = try JSONValue.parse(event.body)
            guard case .object(var members) = try PaymentResource(payment: payment).json else {
                return .null
            }
            members["status"] = body["status"] ?? members["status"]
            members["previous_status"] = body["previous_status"] ?? .null
            members["payment_event_id"] = body["payment_event_id"] ?? .null
            return .object(members)
        }
        return (try? JSONValue.parse(event.body)).flatMap(PartnerEnvelope.init(json:))?.data ?? .null
    }
}
