import ChuwueGrillPack
import PasarelaKit
import Testing

@Suite("chuwue-grill: the module")
struct ChuwueGrillModuleTests {
    @Test("the descriptor is a pack with its options and defaults")
    func descriptor() {
        let descriptor = ChuwueGrillModule.descriptor
        #expect(descriptor.kind == .pack)
        #expect(descriptor.name == "chuwue-grill")
        #expect(descriptor.options.map(\.name) == ["partner_id", "shared_secret", "min_guests"])
        #expect(descriptor.options.first { $0.name == "shared_secret" }?.secret == true)
        #expect(descriptor.options.first { $0.name == "min_guests" }?.defaultValue == .integer(50))
    }

    @Test("the contract's routes are mounted")
    func routes() throws {
        let harness = try makeRestaurant()
        #expect(
            harness.pack.routes.map { "\($0.method) \($0.path)" } == [
                "POST /partners/register/findyourwork", "GET /partners/findyourwork/status", "POST /partners/findyourwork/notify-event",
                "GET /reservations/{reservation_id}", "POST /reservations/{reservation_id}/update",
                "POST /reservations/{reservation_id}/cancel",
            ])
    }

    @Test("a partner_id that is not a partner id, or min_guests below 1, is refused naming the key")
    func badOptions() {
        let badPartner = #expect(throws: PasarelaError.self) { try makeRestaurant(["partner_id": .string("Find Your Work")]) }
        #expect(badPartner?.message.hasPrefix("packs.chuwue-grill.partner_id: 'Find Your Work' is not a partner id") == true)
        let noGuests = #expect(throws: PasarelaError.self) { try makeRestaurant(["min_guests": .integer(0)]) }
        #expect(noGuests?.message == "packs.chuwue-grill.min_guests: must be at least 1")
    }
}
