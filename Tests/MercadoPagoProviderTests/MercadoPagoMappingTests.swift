import PasarelaKit
import PasarelaTesting
import Testing

@Suite("MercadoPago: status mapping")
struct MercadoPagoMappingTests {
    typealias Fixture = MercadoPagoFixture

    /// Every row of the table in MercadoPagoMapping's documentation.
    @Test(
        "each MercadoPago status becomes its Pasarela status",
        arguments: [
            ("pending", "pending_waiting_payment", PaymentStatus.pending, nil as String?),
            ("in_process", "pending_contingency", .processing, nil),
            ("authorized", "pending_capture", .processing, nil),
            ("approved", "accredited", .succeeded, nil),
            ("approved", "partially_refunded", .partiallyRefunded, nil),
            ("rejected", "cc_rejected_insufficient_amount", .failed, "cc_rejected_insufficient_amount"),
            ("rejected", "cc_rejected_bad_filled_security_code", .failed, "cc_rejected_bad_filled_security_code"),
            ("cancelled", "expired", .canceled, nil),
            ("refunded", "refunded", .refunded, nil),
            ("charged_back", "settled", .disputed, nil),
            ("in_mediation", "in_process", .disputed, nil),
            ("something_new", "whatever", .pending, nil),
        ])
    func status(mercadoPago: String, detail: String, expected: PaymentStatus, failureCode: String?) async throws {
        let transport = FakeTransport { _ in Fixture.answer(200, Fixture.payment(status: mercadoPago, detail: detail)) }
        let payment = try await Fixture.provider(transport: transport).fetchPayment(providerPaymentID: "1325890123")
        #expect(payment.status == expected)
        #expect(payment.providerStatus == mercadoPago)
        #expect(payment.failureCode == failureCode)
    }

    @Test(
        "refund statuses", arguments: [("approved", RefundStatus.succeeded), ("in_process", .pending), ("rejected", .failed), ("cancelled", .failed)])
    func refundStatus(mercadoPago: String, expected: RefundStatus) async throws {
        let transport = FakeTransport { _ in
            Fixture.answer(201, .object(["id": .number("77"), "status": .string(mercadoPago), "amount": .number("1")]))
        }
        let refund = try await Fixture.provider(transport: transport).refundPayment(
            RefundRequest(
                refundID: "re_1", payment: MercadoPagoRequestTests.storedPayment(), amount: Money(minor: 100, currency: .ars),
                idempotencyKey: "k"))
        #expect(refund.status == expected)
    }
}
