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
}
