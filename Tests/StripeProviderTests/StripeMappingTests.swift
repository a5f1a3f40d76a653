import PasarelaKit
@testable import StripeProvider
import Testing

/// One test per row of ``StripeMapping``'s table.
@Suite("Stripe status and error mapping")
struct StripeMappingTests {
    static func intent(_ status: String, extra: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string("pi_1"), "object": .string("payment_intent"), "status": .string(status),
            "amount": .number("1099"), "currency": .string("usd"), "last_payment_error": .null,
        ]
        members.merge(extra) { _, new in new }
        return .object(members)
    }

    @Test(
        "every PaymentIntent status has its normalized status",
        arguments: [
            ("requires_payment_method", PaymentStatus.pending), ("requires_confirmation", .pending),
            ("requires_action", .requiresAction), ("processing", .processing), ("requires_capture", .processing),
            ("succeeded", .succeeded), ("canceled", .canceled), ("some_future_status", .pending),
        ] as [(String, PaymentStatus)])
    func statuses(stripe: String, expected: PaymentStatus) throws {
        let payment = try StripeMapping.payment(fromPaymentIntent: Self.intent(stripe))
        #expect(payment.status == expected)
        #expect(payment.providerStatus == stripe)
        #expect(payment.providerPaymentID == "pi_1")
        #expect(payment.failureCode == nil)
    }

    @Test("requires_payment_method after a failed attempt is failed with the decline code, else the error code")
    func lastPaymentError() throws {
        let declined = try StripeMapping.payment(
            fromPaymentIntent: Self.intent(
                "requires_payment_method",
                extra: ["last_payment_error": .object(["code": .string("card_declined"), "decline_code": .string("insufficient_funds"), "message": .string("Your card has insufficient funds.")])]))
        #expect(declined.status == .failed)
        #expect(declined.failureCode == "insufficient_funds")
        #expect(declined.failureMessage == "Your card has insufficient funds.")
        let expired = try StripeMapping.payment(
            fromPaymentIntent: Self.intent("requires_payment_method", extra: ["last_payment_error": .object(["code": .string("expired_card")])]))
        #expect(expired.failureCode == "expired_card")
    }

    @Test(
        "a succeeded PaymentIntent with its charge expanded shows refunds and disputes",
        arguments: [
            (0, false, false, PaymentStatus.succeeded, Int64(0)), (300, false, false, .partiallyRefunded, 300),
            (1099, true, false, .refunded, 1099), (0, false, true, .disputed, 0),
        ] as [(Int, Bool, Bool, PaymentStatus, Int64)])
    func expandedCharge(refunded: Int, fully: Bool, disputed: Bool, expected: PaymentStatus, minor: Int64) throws {
        let charge: JSONValue = .object([
            "id": .string("ch_1"), "amount": .number("1099"), "amount_refunded": .number(String(refunded)),
            "refunded": .bool(fully), "disputed": .bool(disputed),
        ])
        let payment = try StripeMapping.payment(fromPaymentIntent: Self.intent("succeeded", extra: ["latest_charge": charge]))
        #expect(payment.status == expected)
        #expect(payment.refundedMinor == minor)
        #expect(payment.providerStatus == "succeeded")
    }

    @Test("a PaymentIntent without id or status is a non-retryable provider error")
    func malformedIntent() {
        let error = #expect(throws: PasarelaError.self) { try StripeMapping.payment(fromPaymentIntent: .object([:])) }
        #expect(error?.code == .providerError)
        #expect(error?.isRetryable == false)
    }

    static func body(_ type: String?, code: String? = nil, decline: String? = nil, intent: JSONValue? = nil) -> [UInt8] {
        var error: [String: JSONValue] = ["message": .string("scripted")]
        if let type { error["type"] = .string(type) }
        if let code { error["code"] = .string(code) }
        if let decline { error["decline_code"] = .string(decline) }
        if let intent { error["payment_intent"] = intent }
        return Array(JSONValue.object(["error": .object(error)]).serialized().utf8)
    }

    @Test("card_error with a PaymentIntent is a payment created failed, with decline_code or code")
    func cardError() {
        let failure = StripeMapping.failure(
            status: 402, body: Self.body("card_error", code: "card_declined", decline: "insufficient_funds", intent: Self.intent("requires_payment_method")),
            operation: "POST /v1/payment_intents")
        guard case .declined(let payment) = failure else { Issue.record("expected a decline, got \(failure)"); return }
        #expect(payment.status == .failed)
        #expect(payment.failureCode == "insufficient_funds")
        #expect(payment.providerPaymentID == "pi_1")
        let noDeclineCode = StripeMapping.failure(
            status: 402, body: Self.body("card_error", code: "expired_card", intent: Self.intent("requires_payment_method")), operation: "x")
        guard case .declined(let expired) = noDeclineCode else { Issue.record("expected a decline"); return }
        #expect(expired.failureCode == "expired_card")
    }

    @Test("card_error without a PaymentIntent: a failed payment with the given id when creating, else a 422")
    func cardErrorWithoutPaymentIntent() {
        let body = Self.body("card_error", code: "card_declined", decline: "insufficient_funds")
        let id = StripeMapping.declinedPaymentID(idempotencyKey: "order-7")
        #expect(id.hasPrefix(StripeMapping.declinedPaymentIDPrefix))
        #expect(id == StripeMapping.declinedPaymentID(idempotencyKey: "order-7"))
        #expect(id != StripeMapping.declinedPaymentID(idempotencyKey: "order-8"))
        let failure = StripeMapping.failure(status: 402, body: body, operation: "POST /v1/payment_intents", declinedPaymentID: id)
        guard case .declined(let payment) = failure else { Issue.record("expected a decline, got \(failure)"); return }
        #expect(payment.providerPaymentID == id)
        #expect(payment.status == .failed)
        #expect(payment.failureCode == "insufficient_funds")
        #expect(payment.failureMessage == "scripted")
        guard case .error(let error) = StripeMapping.failure(status: 402, body: body, operation: "POST /v1/refunds") else {
            Issue.record("expected an error"); return
        }
        #expect(error.code == .invalidRequest)
    }

    @Test(
        "every error row of the table",
        arguments: [
            (402, "card_error", nil, PasarelaError.Code.invalidRequest, false),
            (404, "invalid_request_error", "resource_missing", .notFound, false),
            (400, "invalid_request_error", "payment_intent_unexpected_state", .invalidState, false),
            (400, "invalid_request_error", "charge_already_refunded", .invalidState, false),
            (400, "invalid_request_error", "charge_disputed", .invalidState, false),
            (400, "invalid_request_error", "parameter_missing", .invalidRequest, false),
            (400, "idempotency_error", nil, .idempotencyConflict, false),
            (409, nil, nil, .idempotencyConflict, false),
            (500, "api_error", nil, .providerError, true),
            (402, "api_error", nil, .providerError, true),
            (503, nil, nil, .providerError, true),
            (401, "authentication_error", nil, .providerError, false),
            (403, "permission_error", nil, .providerError, false),
            (418, nil, nil, .providerError, false),
        ] as [(Int, String?, String?, PasarelaError.Code, Bool)])
    func errors(status: Int, type: String?, code: String?, expected: PasarelaError.Code, retryable: Bool) {
        let failure = StripeMapping.failure(status: status, body: Self.body(type, code: code), operation: "POST /v1/refunds")
        guard case .error(let error) = failure else { Issue.record("expected an error, got \(failure)"); return }
        #expect(error.code == expected)
        #expect(error.isRetryable == retryable)
        #expect(error.message.contains("POST /v1/refunds"))
    }

    @Test(
        "a 429 that outlasted the client's retries, and bodies that are not JSON, are retryable by status",
        arguments: [(429, "rate_limit_error"), (429, "slow down"), (502, "<html>")])
    func retryableByStatus(status: Int, body: String) {
        let bytes = body.contains("_") ? Self.body(body) : Array(body.utf8)
        guard case .error(let error) = StripeMapping.failure(status: status, body: bytes, operation: "x") else {
            Issue.record("expected an error"); return
        }
        #expect(error.code == .providerError)
        #expect(error.isRetryable)
    }
}
