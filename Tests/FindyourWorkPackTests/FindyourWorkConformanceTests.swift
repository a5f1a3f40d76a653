import FindyourWorkPack
import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents
import Testing

@Suite("findyourwork: conformance")
struct FindyourWorkConformanceTests {
    @Test("the findyourwork pack passes the conformance kit")
    func conformance() async throws {
        let reservation = #""reservation_id": "RES-2026-002""#
        try await PackConformance(
            FindyourWorkModule.descriptor,
            PackConformanceFixture(
                partners: ["chuwue-grill"],
                // The samples follow a second reservation from confirmation to cancellation.
                events: [
                    fromRestaurant(
                        .reservationConfirmed, json(#"{\#(reservation), "event_name": "Boda", "guests": 80, "services_requested": ["dj"]}"#)
                    ),
                    fromRestaurant(.reservationUpdated, json(#"{\#(reservation), "changes": {"guests": 90}}"#)),
                    fromRestaurant(.paymentSuccess, json(#"{\#(reservation), "amount": "1250.00", "currency": "USD"}"#)),
                    fromRestaurant(.reservationCancelled, json(#"{\#(reservation), "reason": "postponed"}"#)),
                ],
                // The routes work on the seed's opportunity and its first booking.
                parameters: ["external_event_id": "RES-2026-001", "booking_id": "BKG-0001"],
                setUp: { harness in
                    try await harness.deliver(fromRestaurant(.reservationConfirmed, seedReservationConfirmed()))
                    try await book(harness, seedBookingBody())
                })
        ).check()
    }
}
