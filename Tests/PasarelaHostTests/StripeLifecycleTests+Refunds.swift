import FakeStripeAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import PasarelaHost
import PasarelaKit
import StripeProvider
import Testing

extension StripeLifecycleTests {
    @Test("a pending Stripe refund holds its amount once, settles from refund.updated, and a failed one gives its amount back")
    func pendingRefunds() async throws {
        let fake = FakeStripeAPI()
        try await fake.run { apiBase in
            try await TestHost.withModules([StripeModule.descriptor], yaml: Self.yaml(apiBase: apiBase)) { client, clock, host in
                let created = try await client.send(
                    .post, "/payments", #"{"amount":"10.99","currency":"USD","payment_method":{"id":"pm_card_pendingRefund","confirm":true}}"#)
                #expect(created.json["status"]?.stringValue == "succeeded")
                let id = try #require(created.json["id"]?.stringValue)
                let intentID = try #require(created.json["provider_payment_id"]?.stringValue)
                func read() async throws -> JSONValue { try await client.send(.get, "/payments/\(id)").json }

                let first = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"3.00"}"#)
                #expect(first.json["status"]?.stringValue == "pending")
                let firstID = try #require(first.json["provider_refund_id"]?.stringValue)
                // Stripe counts the pending refund in the charge's amount_refunded: the host must not count it twice.
                let charge = try #require(fake.charge(ofPaymentIntent: intentID))
                _ = try await deliver(client, fake, clock: clock, type: "charge.refunded", object: charge, id: "evt_r1")
                var payment = try await read()
                #expect(payment["status"]?.stringValue == "succeeded")
                #expect(payment["refunded_minor"]?.int64Value == 0)
                #expect(payment.refundStatuses == ["pending"])
                #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"8.00"}"#).status == .unprocessableContent)

                let succeeded = try #require(fake.settleRefund(firstID, status: "succeeded"))
                let settled = try await deliver(client, fake, clock: clock, type: "refund.updated", object: succeeded, id: "evt_r2")
                #expect(settled.json["status"]?.stringValue == "processed")
                payment = try await read()
                #expect(payment["status"]?.stringValue == "partially_refunded")
                #expect(payment["refunded_minor"]?.int64Value == 300)
                #expect(payment.refundStatuses == ["succeeded"])

                let rest = try await client.send(.post, "/payments/\(id)/refunds")
                #expect(rest.json["amount_minor"]?.int64Value == 799)
                #expect(rest.json["status"]?.stringValue == "pending")
                let restID = try #require(rest.json["provider_refund_id"]?.stringValue)
                let failed = try #require(fake.settleRefund(restID, status: "failed"))
                _ = try await deliver(client, fake, clock: clock, type: "charge.refund.updated", object: failed, id: "evt_r3")
                payment = try await read()
                #expect(payment["status"]?.stringValue == "partially_refunded")
                #expect(payment["refunded_minor"]?.int64Value == 300)
                #expect(payment.refundStatuses == ["succeeded", "failed"])
                #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"7.99"}"#).status == .created)
                let events = try await host.storage.paymentEvents(paymentID: id)
                #expect(events.map(\.type.rawValue) == ["payment.succeeded", "payment.partially_refunded"])
                #expect(events.last?.providerEventID == "evt_r2")
            }
        }
    }
}
