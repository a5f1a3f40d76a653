import FakeStripeAPI
import Foundation
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

/// One test per row of the webhook table in ``StripeMapping``, with objects shaped like Stripe's fixtures.
@Suite("Stripe webhook events")
struct StripeWebhookEventTests {
    let fake = FakeStripeAPI()

    func object(_ fixture: String, _ fields: [String: JSONValue]) -> JSONValue {
        .object(StripeFixtures.template(fixture).merging(fields) { _, new in new })
    }

    func intent(_ status: String, lastError: JSONValue = .null) -> JSONValue {
        object(
            "payment_intent",
            [
                "id": .string("pi_9"), "status": .string(status), "last_payment_error": lastError,
                "metadata": .object(["pasarela_payment_id": .string("pay_9")]),
            ])
    }

    func normalize(_ type: String, _ object: JSONValue, fetch: StripeWebhookEvents.Fetch? = nil) async throws -> [NormalizedEvent] {
        let body = fake.eventBody(type: type, object: object, id: "evt_9")
        return try await StripeWebhookEvents.normalize(try JSONValue.parse(body)) { id in
            guard let fetch else { throw PasarelaError(.providerError, "unexpected fetch of \(id)") }
            return try await fetch(id)
        }
    }

    @Test(
        "payment_intent events give their normalized event whatever the object's status",
        arguments: [
            ("payment_intent.succeeded", "succeeded", EventType.paymentSucceeded),
            ("payment_intent.payment_failed", "requires_payment_method", .paymentFailed),
            ("payment_intent.canceled", "canceled", .paymentCanceled),
            ("payment_intent.processing", "processing", .paymentProcessing),
            ("payment_intent.requires_action", "requires_action", .paymentRequiresAction),
        ] as [(String, String, EventType)])
    func paymentIntentEvents(type: String, status: String, expected: EventType) async throws {
        let lastError: JSONValue = type.hasSuffix("failed")
            ? .object(["type": .string("card_error"), "code": .string("card_declined"), "decline_code": .string("stolen_card")]) : .null
        let events = try await normalize(type, intent(status, lastError: lastError))
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.id == "evt_9")
        #expect(event.type == expected)
        #expect(event.paymentID == "pay_9")
        #expect(event.payment.providerPaymentID == "pi_9")
        #expect(event.payment.providerStatus == status)
        #expect(event.occurredAt == Date(timeIntervalSince1970: TimeInterval(fake.created)))
        #expect(event.payment.failureCode == (expected == .paymentFailed ? "stolen_card" : nil))
    }

    @Test(
        "charge.refunded: refunded or partially refunded, with amount_refunded in minor units",
        arguments: [(300, false, EventType.paymentPartiallyRefunded, Int64(300)), (1099, true, .paymentRefunded, 1099)]
            as [(Int, Bool, EventType, Int64)])
    func chargeRefunded(refunded: Int, fully: Bool, expected: EventType, minor: Int64) async throws {
        let charge = object(
            "charge",
            [
                "payment_intent": .string("pi_9"), "amount": .number("1099"), "amount_refunded": .number(String(refunded)),
                "refunded": .bool(fully), "currency": .string("usd"), "metadata": .object([:]),
            ])
        let event = try #require(try await normalize("charge.refunded", charge).first)
        #expect(event.type == expected)
        #expect(event.payment.refundedMinor == minor)
        #expect(event.payment.providerPaymentID == "pi_9")
        #expect(event.paymentID == nil)
    }

    @Test("charge.refunded in a three-decimal currency converts amount_refunded back")
    func chargeRefundedKWD() async throws {
        let charge = object(
            "charge",
            ["payment_intent": .string("pi_9"), "amount_refunded": .number("5120"), "refunded": .bool(false), "currency": .string("kwd")])
        #expect(try await normalize("charge.refunded", charge).first?.payment.refundedMinor == 5120)
        let isk = object(
            "charge", ["payment_intent": .string("pi_9"), "amount_refunded": .number("500"), "refunded": .bool(false), "currency": .string("isk")])
        #expect(try await normalize("charge.refunded", isk).first?.payment.refundedMinor == 5)
    }

    @Test(
        "refund events read the PaymentIntent and carry the refund's outcome: succeeded, or failed when failed or canceled",
        arguments: [
            ("refund.created", "succeeded", RefundStatus.succeeded), ("refund.updated", "succeeded", .succeeded),
            ("refund.updated", "canceled", .failed), ("refund.failed", "failed", .failed), ("charge.refund.updated", "failed", .failed),
        ] as [(String, String, RefundStatus)])
    func refundEvents(type: String, status: String, expected: RefundStatus) async throws {
        let refund = object(
            "refund",
            [
                "id": .string("re_9"), "payment_intent": .string("pi_9"), "status": .string(status),
                "metadata": .object(["pasarela_payment_id": .string("pay_9")]),
            ])
        let fetched = ProviderPayment(providerPaymentID: "pi_9", status: .partiallyRefunded, providerStatus: "succeeded", refundedMinor: 300)
        let event = try #require(try await normalize(type, refund) { id in
            #expect(id == "pi_9")
            return fetched
        }.first)
        #expect(event.type == .paymentPartiallyRefunded)
        #expect(event.paymentID == "pay_9")
        #expect(event.payment == fetched)
        #expect(event.refund == ProviderRefund(providerRefundID: "re_9", status: expected))
    }

    @Test("a refund still pending, or of a PaymentIntent Stripe does not know, gives no event")
    func refundPending() async throws {
        for status in ["pending", "requires_action"] {
            let pending = object("refund", ["payment_intent": .string("pi_9"), "status": .string(status)])
            #expect(try await normalize("refund.updated", pending).isEmpty)
        }
        let succeeded = object("refund", ["payment_intent": .string("pi_other"), "status": .string("succeeded")])
        #expect(try await normalize("refund.updated", succeeded) { _ in nil }.isEmpty)
    }

    @Test("charge.dispute.created gives payment.disputed")
    func dispute() async throws {
        let dispute = object("dispute", ["payment_intent": .string("pi_9"), "status": .string("needs_response")])
        let event = try #require(try await normalize("charge.dispute.created", dispute).first)
        #expect(event.type == .paymentDisputed)
        #expect(event.payment.providerPaymentID == "pi_9")
        #expect(event.payment.providerStatus == "needs_response")
    }

    @Test(
        "unknown types, and objects naming no PaymentIntent, give no event and no error",
        arguments: ["plan.created", "customer.created", "payment_intent.created", "charge.succeeded", "charge.dispute.closed"])
    func unknown(type: String) async throws {
        #expect(try await normalize(type, object("event", [:])["data"]?["object"] ?? .object([:])).isEmpty)
    }

    @Test("an event without id, type or data.object is an invalid request")
    func malformed() async throws {
        let error = await #expect(throws: PasarelaError.self) {
            try await StripeWebhookEvents.normalize(.object(["id": .string("evt_1")])) { _ in throw PasarelaError(.notFound, "") }
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test(
        "checkout.session events: completed (paid or not), async payment settled, expired",
        arguments: [
            ("checkout.session.completed", "complete", "paid", EventType.paymentSucceeded, "pi_9"),
            ("checkout.session.completed", "complete", "unpaid", .paymentProcessing, "pi_9"),
            ("checkout.session.async_payment_succeeded", "complete", "paid", .paymentSucceeded, "pi_9"),
            ("checkout.session.async_payment_failed", "complete", "unpaid", .paymentFailed, "pi_9"),
            ("checkout.session.expired", "expired", "unpaid", .paymentCanceled, "cs_test_9"),
        ] as [(String, String, String, EventType, String)])
    func checkoutSessionEvents(type: String, status: String, paymentStatus: String, expected: EventType, providerID: String)
        async throws
    {
        let session = object(
            "checkout_session",
            [
                "id": .string("cs_test_9"), "status": .string(status), "payment_status": .string(paymentStatus),
                "payment_intent": status == "expired" ? .null : .string("pi_9"), "amount_total": .number("2500"),
                "currency": .string("usd"), "client_reference_id": .string("pay_9"), "metadata": .object([:]),
            ])
        let event = try #require(try await normalize(type, session).first)
        #expect(event.type == expected)
        #expect(event.paymentID == "pay_9", "client_reference_id names the payment when metadata does not")
        #expect(event.payment.providerPaymentID == providerID)
        #expect(event.payment.replacesProviderPaymentID == (providerID == "pi_9" ? "cs_test_9" : nil))
        #expect(event.payment.amount == Money(minor: 2_500, currency: .usd))
        #expect(event.payment.failureCode == (expected == .paymentFailed ? "async_payment_failed" : nil))
    }
}
