import Foundation
import HTTPTypes
import HummingbirdTesting
import MockProvider
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Pending refunds through the API, settled by mock refund webhooks.
@Suite("Refunds that settle later")
struct RefundSettlementTests {
    static let pending = #""metadata":{"mock_outcome":"pending"}"#

    /// Posts a signed mock webhook settling `providerRefundID` as `status`.
    func settle(
        _ client: some TestClientProtocol, _ providerRefundID: String, as status: String, eventID: String, clock: FakeClock
    ) async throws -> (status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields) {
        let body = #"{"id":"\#(eventID)","provider_refund_id":"\#(providerRefundID)","status":"\#(status)"}"#
        let signature = MockWebhookSignature.header(
            body: Array(body.utf8), secret: TestHost.webhookSecret, timestamp: Int(clock.now().timeIntervalSince1970))
        return try await client.send(
            .post, "/webhooks/providers/mock", body, headers: [.contentType: "application/json", MockSignatureHeader.name: signature])
    }

    func createPayment(_ client: some TestClientProtocol) async throws -> String {
        let created = try await client.send(.post, "/payments", #"{"amount":"10.00","currency":"USD"}"#)
        return try #require(created.json["id"]?.stringValue)
    }

    @Test("a pending refund holds its amount until its webhook; succeeded moves it into refunded_minor with the usual event")
    func pendingSucceeds() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(clock: clock)
        try await host.application.test(.router) { client in
            let id = try await createPayment(client)
            let refund = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"6.00",\#(Self.pending)}"#)
            #expect(refund.status == .created)
            #expect(refund.json["status"]?.stringValue == "pending")
            let providerRefundID = try #require(refund.json["provider_refund_id"]?.stringValue)
            var payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "succeeded")
            #expect(payment["refunded_minor"]?.int64Value == 0)
            #expect(payment.refundStatuses == ["pending"])
            #expect(payment["refunds"]?.arrayValue?.first?["id"] == refund.json["id"])
            #expect(payment["refunds"]?.arrayValue?.first?["amount"]?.stringValue == "6.00")
            #expect(payment["refunds"]?.arrayValue?.first?["amount_minor"]?.int64Value == 600)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"4.01"}"#).status == .unprocessableContent)

            let settled = try await settle(client, providerRefundID, as: "succeeded", eventID: "mevt_r1", clock: clock)
            #expect(settled.status == .ok)
            #expect(settled.json["status"]?.stringValue == "processed")
            payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "partially_refunded")
            #expect(payment["refunded_minor"]?.int64Value == 600)
            #expect(payment.refundStatuses == ["succeeded"])
            #expect(try await settle(client, providerRefundID, as: "succeeded", eventID: "mevt_r1", clock: clock).json["status"]?.stringValue == "duplicate")
            // A refund settles once: a later "failed" changes nothing.
            _ = try await settle(client, providerRefundID, as: "failed", eventID: "mevt_r2", clock: clock)

            let rest = try await client.send(.post, "/payments/\(id)/refunds")
            #expect(rest.json["amount_minor"]?.int64Value == 400)
            payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "refunded")
            #expect(payment["refunded_minor"]?.int64Value == 1000)
            #expect(payment.refundStatuses == ["succeeded", "succeeded"])
            let events = try await host.storage.paymentEvents(paymentID: id)
            #expect(events.map(\.type.rawValue) == ["payment.succeeded", "payment.partially_refunded", "payment.refunded"])
            #expect(events[1].source == .webhook)
            #expect(events[1].providerEventID == "mevt_r1")
        }
    }

    @Test("a pending refund that fails gives its amount back; nothing else changes")
    func pendingFails() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(clock: clock)
        try await host.application.test(.router) { client in
            let id = try await createPayment(client)
            let refund = try await client.send(.post, "/payments/\(id)/refunds", "{\(Self.pending)}")
            #expect(refund.json["amount_minor"]?.int64Value == 1000)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"0.01"}"#).status == .unprocessableContent)

            let providerRefundID = try #require(refund.json["provider_refund_id"]?.stringValue)
            let failed = try await settle(client, providerRefundID, as: "failed", eventID: "mevt_f1", clock: clock)
            #expect(failed.status == .ok)
            var payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "succeeded")
            #expect(payment["refunded_minor"]?.int64Value == 0)
            #expect(payment.refundStatuses == ["failed"])
            #expect(try await host.storage.paymentEvents(paymentID: id).map(\.type.rawValue) == ["payment.succeeded"])

            let again = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"10.00"}"#)
            #expect(again.status == .created)
            #expect(again.json["status"]?.stringValue == "succeeded")
            payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "refunded")
            #expect(payment.refundStatuses == ["failed", "succeeded"])
        }
    }

    @Test("refund metadata is checked: an outcome refunds cannot have is a 422 and nothing is stored")
    func refundOutcomes() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let id = try await createPayment(client)
            let timeout = try await client.send(.post, "/payments/\(id)/refunds", #"{"metadata":{"mock_outcome":"timeout"}}"#)
            #expect(timeout.status == .unprocessableContent)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"metadata":"pending"}"#).status == .unprocessableContent)
            let declined = try await client.send(.post, "/payments/\(id)/refunds", #"{"metadata":{"mock_outcome":"decline"}}"#)
            #expect(declined.json["status"]?.stringValue == "failed")
            let payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["refunded_minor"]?.int64Value == 0)
            #expect(payment.refundStatuses == ["failed"])
        }
    }
}
