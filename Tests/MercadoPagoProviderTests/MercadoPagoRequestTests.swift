import Foundation
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("MercadoPago: requests and answers")
struct MercadoPagoRequestTests {
    typealias Fixture = MercadoPagoFixture

    static let ars = Currency.ars

    static func storedPayment(minor: Int64 = 10_050, refunded: Int64 = 0) -> Payment {
        Payment(
            id: "pay_1", instance: "mp", providerPaymentID: "1325890123", status: .succeeded, amount: Money(minor: minor, currency: ars),
            refundedMinor: refunded, providerStatus: "approved", createdAt: Fixture.now, updatedAt: Fixture.now)
    }

    @Test("a new payment is POST /v1/payments with the exact JSON body, Bearer auth and X-Idempotency-Key")
    func createEncoding() async throws {
        let transport = FakeTransport { _ in Fixture.answer(201, Fixture.payment()) }
        let provider = try Fixture.provider(
            transport: transport, options: ["notification_url": .string("https://shop.example/webhooks/providers/mp")])
        let payment = try await provider.createPayment(
            CreatePaymentRequest(
                paymentID: "pay_01JDX3K9ZQ8V6T3C2H5N7R4M1B", amount: try Money(decimal: "100.50", currency: Self.ars),
                description: "Cena corporativa", metadata: ["reservation_id": "RES-2026-001"],
                customer: Customer(email: "maria@example.com", name: "María García"),
                paymentMethod: .object([
                    "payment_method_id": .string("visa"), "token": .string("ff8080814c11e237014c1ff593b57b4d"),
                    "installments": .number("3"), "issuer_id": .string("310"),
                ]),
                idempotencyKey: "idem-123"))
        #expect(
            payment
                == ProviderPayment(
                    providerPaymentID: "1325890123", status: .succeeded, providerStatus: "approved", refundedMinor: 0,
                    amount: Money(minor: 10050, currency: .ars)))

        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url == "https://mp.example.test/v1/payments")
        #expect(request.header("Authorization") == "Bearer \(Fixture.accessToken)")
        #expect(request.header("X-Idempotency-Key") == "idem-123")
        #expect(request.header("Content-Type") == "application/json")
        let expected: JSONValue = .object([
            "transaction_amount": .number("100.5"), "description": .string("Cena corporativa"),
            "payment_method_id": .string("visa"), "token": .string("ff8080814c11e237014c1ff593b57b4d"),
            "installments": .number("3"), "issuer_id": .string("310"), "payer": .object(["email": .string("maria@example.com")]),
            "external_reference": .string("pay_01JDX3K9ZQ8V6T3C2H5N7R4M1B"),
            "metadata": .object([
                "reservation_id": .string("RES-2026-001"), "pasarela_payment_id": .string("pay_01JDX3K9ZQ8V6T3C2H5N7R4M1B"),
            ]),
            "notification_url": .string("https://shop.example/webhooks/providers/mp"),
        ])
        #expect(try Fixture.body(of: request) == expected)
    }

    @Test("amounts are exact major units: 100.00 is 100, 0.10 is 0.1, a JPY-like whole amount stays whole")
    func amounts() async throws {
        for (decimal, code, json) in [("100.00", "ARS", "100"), ("0.10", "BRL", "0.1"), ("1999", "CLP", "1999"), ("12.34", "MXN", "12.34")] {
            let transport = FakeTransport { _ in Fixture.answer(201, Fixture.payment(amount: json)) }
            let provider = try Fixture.provider(transport: transport)
            _ = try await provider.createPayment(
                CreatePaymentRequest(
                    paymentID: "pay_1", amount: try Money(decimal: decimal, currency: Currency(code: code)), idempotencyKey: "k"))
            #expect(try Fixture.body(of: try #require(transport.requests.first))["transaction_amount"] == .number(json))
        }
    }

    @Test("a currency MercadoPago does not charge in is an invalid request, refused before any call")
    func refusedCurrencies() async throws {
        let transport = FakeTransport { _ in Fixture.answer(201, Fixture.payment()) }
        let provider = try Fixture.provider(transport: transport)
        for currency in [Currency.usd, .eur, .jpy, .kwd] {
            let error = await #expect(throws: PasarelaError.self) {
                try await provider.createPayment(
                    CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 1234, currency: currency), idempotencyKey: "k"))
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.message.contains("does not charge in \(currency.code)") == true)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("with the account's currency configured, a payment in another MercadoPago currency is refused before any call")
    func accountCurrency() async throws {
        let transport = FakeTransport { _ in Fixture.answer(201, Fixture.payment()) }
        let provider = try Fixture.provider(transport: transport, options: ["currency": .string("ARS")])
        for currency in [try Currency(code: "BRL"), try Currency(code: "CLP"), .usd] {
            let error = await #expect(throws: PasarelaError.self) {
                try await provider.createPayment(
                    CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 1234, currency: currency), idempotencyKey: "k"))
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.message == "this MercadoPago account charges in ARS, so a payment in \(currency.code) is refused")
        }
        #expect(transport.requests.isEmpty)
        _ = try await provider.createPayment(
            CreatePaymentRequest(paymentID: "pay_2", amount: Money(minor: 1234, currency: Self.ars), idempotencyKey: "k2"))
        #expect(transport.requests.count == 1)
        for code in ["USD", "ars", "XYZ"] {
            let error = #expect(throws: PasarelaError.self) { try Fixture.provider(transport: transport, options: ["currency": .string(code)]) }
            #expect(error?.message.contains("currency: MercadoPago accounts charge in one of ARS, BRL, CLP, COP, MXN, PEN, UYU") == true)
        }
    }

    @Test("the instance's payment_method_id and installments fill what a request leaves out")
    func defaults() async throws {
        let transport = FakeTransport { _ in Fixture.answer(201, Fixture.payment(status: "pending", detail: "pending_waiting_payment")) }
        let provider = try Fixture.provider(
            transport: transport, options: ["payment_method_id": .string("pix"), "installments": .integer(1)])
        let payment = try await provider.createPayment(
            CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 5000, currency: Self.ars), idempotencyKey: "k"))
        #expect(payment.status == .pending)
        let body = try Fixture.body(of: try #require(transport.requests.first))
        #expect(body["payment_method_id"] == .string("pix"))
        #expect(body["installments"] == .number("1"))
        #expect(body["payer"] == nil)
        #expect(body["notification_url"] == nil)
    }

    @Test("a rejected card is a failed payment with status_detail as its failure code, not an error")
    func rejected() async throws {
        let transport = FakeTransport { _ in
            Fixture.answer(201, Fixture.payment(status: "rejected", detail: "cc_rejected_insufficient_amount"))
        }
        let payment = try await Fixture.provider(transport: transport).createPayment(
            CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 5000, currency: Self.ars), idempotencyKey: "k"))
        #expect(payment.status == .failed)
        #expect(payment.failureCode == "cc_rejected_insufficient_amount")
    }

    @Test("fetch is GET /v1/payments/{id} and reads what has been refunded")
    func fetch() async throws {
        let transport = FakeTransport { _ in
            Fixture.answer(200, Fixture.payment(status: "approved", detail: "partially_refunded", refunded: "25.25"))
        }
        let payment = try await Fixture.provider(transport: transport).fetchPayment(providerPaymentID: "1325890123")
        #expect(payment.status == .partiallyRefunded)
        #expect(payment.refundedMinor == 2525)
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "https://mp.example.test/v1/payments/1325890123")
        #expect(request.body.isEmpty)
        #expect(request.header("X-Idempotency-Key") == nil)
    }

    @Test("ids that could change the URL path are refused before any call")
    func pathIDs() async throws {
        let transport = FakeTransport { _ in Fixture.answer(200, Fixture.payment()) }
        let provider = try Fixture.provider(transport: transport)
        for id in ["../users/me", "1/refunds", "", "1?x=1"] {
            let error = await #expect(throws: PasarelaError.self) { try await provider.fetchPayment(providerPaymentID: id) }
            #expect(error?.code == .invalidRequest)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("a partial refund sends its amount; a full one sends none, unless part was refunded before")
    func refunds() async throws {
        let transport = FakeTransport { _ in
            Fixture.answer(201, .object(["id": .number("1009042015"), "payment_id": .number("1325890123"), "amount": .number("25.5"), "status": .string("approved")]))
        }
        let provider = try Fixture.provider(transport: transport)
        let partial = try await provider.refundPayment(
            RefundRequest(refundID: "re_1", payment: Self.storedPayment(), amount: Money(minor: 2550, currency: Self.ars), idempotencyKey: "r1"))
        #expect(partial == ProviderRefund(providerRefundID: "1009042015", status: .succeeded))
        _ = try await provider.refundPayment(
            RefundRequest(refundID: "re_2", payment: Self.storedPayment(refunded: 2550), amount: Money(minor: 7500, currency: Self.ars), idempotencyKey: "r2"))
        _ = try await provider.refundPayment(
            RefundRequest(refundID: "re_3", payment: Self.storedPayment(), amount: Money(minor: 10_050, currency: Self.ars), idempotencyKey: "r3"))
        let requests = transport.requests
        #expect(requests.map(\.url) == Array(repeating: "https://mp.example.test/v1/payments/1325890123/refunds", count: 3))
        #expect(requests.map(\.method) == ["POST", "POST", "POST"])
        #expect(requests.map { $0.header("X-Idempotency-Key") } == ["r1", "r2", "r3"])
        #expect(try Fixture.body(of: requests[0]) == .object(["amount": .number("25.5")]))
        #expect(try Fixture.body(of: requests[1]) == .object(["amount": .number("75")]))
        #expect(try Fixture.body(of: requests[2]) == .object([:]))
    }

    @Test("cancel is PUT /v1/payments/{id} with status cancelled")
    func cancel() async throws {
        let transport = FakeTransport { _ in Fixture.answer(200, Fixture.payment(status: "cancelled", detail: "by_collector")) }
        let payment = try await Fixture.provider(transport: transport).cancelPayment(
            CancelRequest(payment: Self.storedPayment(), idempotencyKey: "c1"))
        #expect(payment.status == .canceled)
        let request = try #require(transport.requests.first)
        #expect(request.method == "PUT")
        #expect(request.url == "https://mp.example.test/v1/payments/1325890123")
        #expect(request.header("X-Idempotency-Key") == "c1")
        #expect(try Fixture.body(of: request) == .object(["status": .string("cancelled")]))
    }

    @Test(
        "HTTP failures map onto the API's errors, and never onto a failed payment",
        arguments: [
            (400, PasarelaError.Code.invalidRequest, false), (422, .invalidRequest, false), (401, .providerError, false),
            (403, .providerError, false), (404, .notFound, false), (409, .idempotencyConflict, false), (500, .providerError, true),
            (502, .providerError, true), (503, .providerError, true),
        ])
    func httpErrors(status: Int, code: PasarelaError.Code, retryable: Bool) async throws {
        let body: JSONValue = .object([
            "message": .string("invalid transaction_amount"), "error": .string("bad_request"), "status": .number(String(status)),
            "cause": .array([.object(["code": .number("4037"), "description": .string("Invalid transaction_amount")])]),
        ])
        let transport = FakeTransport { _ in Fixture.answer(status, body) }
        let error = await #expect(throws: PasarelaError.self) {
            try await Fixture.provider(transport: transport).fetchPayment(providerPaymentID: "1325890123")
        }
        #expect(error?.code == code)
        #expect(error?.isRetryable == retryable)
        #expect(error?.message.contains(Fixture.accessToken) == false)
        if status == 400 { #expect(error?.message.contains("Invalid transaction_amount") == true) }
    }

    @Test("a timeout, a dropped connection and a non-JSON answer are retryable provider errors")
    func transportFailures() async throws {
        let failures: [@Sendable (TransportRequest) async throws -> TransportResponse] = [
            { _ in throw PasarelaError(.providerTimeout, "deadline passed") },
            { _ in throw PasarelaError.providerUnavailable("connection reset") },
            { _ in TransportResponse(status: 200, body: Array("<html>gateway</html>".utf8)) },
        ]
        for failure in failures {
            let error = await #expect(throws: PasarelaError.self) {
                try await Fixture.provider(transport: FakeTransport(handler: failure)).createPayment(
                    CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 100, currency: Self.ars), idempotencyKey: "k"))
            }
            #expect(error?.code == .providerError)
            #expect(error?.isRetryable == true)
        }
    }

    @Test("429 gives up after the retries, or at once when Retry-After asks for too long a wait")
    func rateLimitedForGood() async throws {
        for retryAfter in ["0", "3600"] {
            let transport = FakeTransport { _ in
                Fixture.answer(429, .object(["message": .string("too many requests")]), headers: [("Retry-After", retryAfter)])
            }
            let started = ContinuousClock.now
            let error = await #expect(throws: PasarelaError.self) {
                try await Fixture.provider(transport: transport).fetchPayment(providerPaymentID: "1325890123")
            }
            #expect(error?.code == .providerError)
            #expect(error?.isRetryable == true)
            #expect(transport.requests.count == (retryAfter == "0" ? 3 : 1))
            #expect(started.duration(to: .now) < .seconds(5))
        }
    }

    @Test("429 is retried with the same idempotency key, then succeeds")
    func rateLimited() async throws {
        let calls = Counter()
        let transport = FakeTransport { _ in
            calls.next() < 2
                ? Fixture.answer(429, .object(["message": .string("too many requests")]), headers: [("Retry-After", "0")])
                : Fixture.answer(201, Fixture.payment())
        }
        let payment = try await Fixture.provider(transport: transport).createPayment(
            CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 100, currency: Self.ars), idempotencyKey: "same-key"))
        #expect(payment.status == .succeeded)
        #expect(transport.requests.map { $0.header("X-Idempotency-Key") } == ["same-key", "same-key", "same-key"])
    }
}
