import PasarelaKit
import PasarelaTesting
import Testing

@Suite("chuwue-grill: payment.succeeded is reported to the marketplace")
struct PaymentEventTests {
    @Test("a payment of a forwarded reservation marks it paid and sends payment.success")
    func reportsPayment() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        #expect(try await harness.deliver(paymentSucceeded(amount: "1250", metadata: ["reservation_id": "RES-2026-001"])))
        #expect(try await reservation(in: harness)["paid"] == .bool(true))
        let emission = try #require(harness.emissions.last)
        #expect(emission.eventType == "payment.success")
        #expect(emission.partnerID == "findyourwork")
        #expect(
            emission.data
                == .object([
                    "reservation_id": .string("RES-2026-001"), "amount": .string("1250.00"), "currency": .string("USD"),
                    "payment_id": .string("pay_1"),
                ]))
    }

    @Test("a payment is reported once, even when its event comes twice under two ids")
    func reportsOnce() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        try await harness.deliver(paymentSucceeded(metadata: ["reservation_id": "RES-2026-001"], eventID: "evt_1"))
        let before = harness.committedState
        #expect(try await harness.deliver(paymentSucceeded(metadata: ["reservation_id": "RES-2026-001"], eventID: "evt_1")) == false)
        #expect(try await harness.deliver(paymentSucceeded(metadata: ["reservation_id": "RES-2026-001"], eventID: "evt_2")))
        #expect(harness.committedState == before)
        try await harness.deliver(paymentSucceeded("pay_2", amount: "10.5", metadata: ["reservation_id": "RES-2026-001"], eventID: "evt_3"))
        #expect(harness.emissions.filter { $0.eventType == "payment.success" }.map { $0.data["amount"] } == [.string("1250.00"), .string("10.50")])
    }

    @Test(
        "a payment without reservation_id, for an unknown or a held reservation is skipped",
        arguments: [[:], ["reservation_id": "RES-404"], ["reservation_id": "RES-HELD"], ["order": "RES-2026-001"]] as [[String: String]])
    func skipsPayment(metadata: [String: String]) async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        _ = try await harness.call(
            .post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["reservation_id": .string("RES-HELD"), "guests": .number("8")]))
        let before = harness.committedState
        #expect(try await harness.deliver(paymentSucceeded(metadata: metadata)))
        #expect(harness.committedState == before)
    }
}
