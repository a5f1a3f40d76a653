import PasarelaKit

/// The `chuwue-grill` pack's options, read once when the pack is built.
struct ChuwueGrillSettings: Sendable {
    /// The marketplace partner's id: where reservations are forwarded, whose events are handled.
    var partnerID: String
    /// The secret for the partner's quick registration; `nil` lets the host generate one.
    var sharedSecret: String?
    /// Reservations with fewer guests are stored but not forwarded.
    var minGuests: Int

    /// - Parameter keyPath: where the pack sits in the config (`packs.chuwue-grill`), for errors.
    init(options: ModuleOptions, keyPath: String) throws(PasarelaError) {
        partnerID = try PartnerID.checked(options.string("partner_id") ?? "findyourwork", key: "\(keyPath).partner_id")
        sharedSecret = options.string("shared_secret").flatMap { $0.isEmpty ? nil : $0 }
        minGuests = options.integer("min_guests") ?? 50
        guard minGuests >= 1 else { throw PasarelaError(.configuration, "\(keyPath).min_guests: must be at least 1") }
    }
}
