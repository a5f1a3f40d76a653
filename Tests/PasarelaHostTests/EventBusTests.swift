import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// The event bus: a partner with `event_bus: true` gets a copy of payment events, inbound partner
/// events and events sent to other partners, filtered by its `events`, over real HTTP.
@Suite("Event bus")
struct EventBusTests {
    /// The envelopes the receiver got, by event type.
    static func envelopes(_ receiver: WebhookReceiver) -> [String: [JSONValue]] {
        Dictionary(grouping: receiver.requests.compactMap { try? JSONValue.parse($0.body) }) { $0["event_type"]?.stringValue ?? "" }
    }

    @Test("payment events, admin sends to others, pack emissions and inbound events reach the bus partner, as its events allow")
    func copies() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: PackHostTests.yaml, modules: [LedgerPack.descriptor])
            try await host.application.test(.router) { client in
                let registered = try await client.send(
                    .post, "/partners/register",
                    #"{"name":"n8n","webhook_url":"\#(url)","event_bus":true,"events":["payment.*","order.*","ledger.*"]}"#)
                #expect(registered.json["event_bus"] == .bool(true))
                let bus = try #require(registered.json["partner_id"]?.stringValue)

                let payment = try await client.send(.post, "/payments", #"{"amount":"12.50","currency":"USD"}"#).json
                #expect(try await eventually { Self.envelopes(receiver)["payment.succeeded"]?.count == 1 })
                let paid = try #require(Self.envelopes(receiver)["payment.succeeded"]?.first)
                #expect(paid["source"]?.stringValue == "payments:mock")
                #expect(paid["data"]?["id"] == payment["id"])
                #expect(paid["data"]?["amount"]?.stringValue == "12.50")

                #expect(try await client.send(.post, "/partners/acme/events", #"{"event_type":"order.created","data":{"n":7}}"#).status == .accepted)
                #expect(try await eventually { Self.envelopes(receiver)["order.created"]?.count == 1 })
                #expect(Self.envelopes(receiver)["order.created"]?.first?["data"] == .object(["n": .number("7")]))
                #expect(Self.envelopes(receiver)["order.created"]?.first?["source"]?.stringValue == "chuwue-grill")

                _ = try await client.send(.post, "/ledger/entries", #"{"key":"k1","notify":"acme"}"#)
                #expect(try await eventually { Self.envelopes(receiver)["ledger.recorded"]?.count == 1 })

                // Sent to the bus partner itself: one delivery, no copy.
                _ = try await client.send(.post, "/partners/\(bus)/events", #"{"event_type":"order.updated"}"#)
                #expect(try await eventually { Self.envelopes(receiver)["order.updated"]?.count == 1 })
                let deliveries = try await client.send(.get, "/deliveries?partner_id=\(bus)").json["data"]?.arrayValue ?? []
                #expect(deliveries.filter { $0["event_type"]?.stringValue == "order.updated" }.count == 1)
            }
        }
    }

    @Test("inbound partner events are copied with their sender as source once the bus partner takes their type")
    func inboundEvents() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
            try await host.application.test(.router) { client in
                let registered = try await client.send(
                    .post, "/partners/register", #"{"name":"n8n","webhook_url":"\#(url)","event_bus":true,"events":["payment.*"]}"#)
                let bus = try #require(registered.json["partner_id"]?.stringValue)
                let test = PartnerWebhookTests()
                let first = test.seedBody("ext-1")
                #expect(try await client.send(.post, "/webhooks/partner/findyourwork", first, headers: try test.seedHeaders(first)).status == .ok)
                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.requests.isEmpty, "service.booked_for_event is not among its events")

                #expect(try await client.send(.patch, "/partners/\(bus)", #"{"events":["service.*"]}"#).status == .ok)
                let second = test.seedBody("ext-2")
                let answer = try await client.send(.post, "/webhooks/partner/findyourwork", second, headers: try test.seedHeaders(second))
                let eventID = try #require(answer.json["event_id"]?.stringValue)
                #expect(try await eventually { receiver.requests.count == 1 })
                let copy = try JSONValue.parse(try #require(receiver.requests.first?.body))
                #expect(copy["event_type"]?.stringValue == "service.booked_for_event")
                #expect(copy["source"]?.stringValue == "findyourwork")
                #expect(copy["data"]?["service_name"]?.stringValue == "DJ Profesional")
                let run = try await client.send(.get, "/events/\(eventID)").json["handlers"]?.arrayValue ?? []
                #expect(run.contains { $0["handler"]?.stringValue == "event-bus" && $0["status"]?.stringValue == "succeeded" })
            }
        }
    }
}
