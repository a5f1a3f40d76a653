import ChuwueGrillPack
import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents
import Testing

@Suite("chuwue-grill: conformance")
struct ChuwueGrillConformanceTests {
    @Test("the chuwue-grill pack passes the conformance kit")
    func conformance() async throws {
        let booking = #""external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001""#
        try await PackConformance(
            ChuwueGrillModule.descriptor,
            PackConformanceFixture(
                partners: ["findyourwork"],
                // The seed's reservation, notified (and forwarded) first; the marketplace's events follow its booking through.
                events: [
                    fromMarketplace(.serviceBookedForEvent, json(#"{\#(booking), "service_name": "DJ Profesional", "price": 250.00}"#)),
                    fromMarketplace(.serviceConfirmed, json(#"{\#(booking), "confirmation_code": "FYW-ABC123"}"#)),
                    fromMarketplace(.providerAssigned, json(#"{\#(booking), "provider_info": {"name": "DJ Nuevo"}}"#)),
                    fromMarketplace(.serviceCancelled, json(#"{\#(booking), "reason": "weather"}"#)),
                    paymentSucceeded(metadata: ["reservation_id": "RES-2026-001"]),
                ],
                parameters: ["reservation_id": "RES-2026-001"],
                setUp: { harness in try await notifySeedReservation(harness) })
        ).check()
    }
}
