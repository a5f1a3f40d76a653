import PasarelaKit

/// The `findyourwork` pack: the services marketplace's side of the seed's integration.
///
/// Routes (behind the admin token): `GET /services`, `GET /opportunities`,
/// `GET /opportunities/{external_event_id}`, `POST /opportunities/{external_event_id}/bookings`,
/// `POST /bookings/{booking_id}/confirm`, `POST /bookings/{booking_id}/cancel`,
/// `POST /bookings/{booking_id}/provider`.
public enum FindyourWorkModule {
    /// The module's registration.
    public static let descriptor = ModuleDescriptor(
        name: "findyourwork",
        version: "1.0.0",
        summary: "FindyourWork: offers services for the restaurant's events and books them",
        options: [
            OptionSpec(name: "partner_id", type: .string, defaultValue: .string("chuwue-grill"), summary: "The restaurant partner's id"),
            OptionSpec(name: "catalog", type: .json, summary: "Services added to (or replacing, by service_id) the built-in catalog"),
        ],
        factory: .pack { options, context in
            FindyourWorkPack(
                partnerID: try PartnerID.checked(options.string("partner_id") ?? "chuwue-grill", key: "packs.\(context.packName).partner_id"),
                catalog: try ServiceCatalog(configured: options.json("catalog"), keyPath: "packs.\(context.packName).catalog"),
                context: context)
        }
    )
}
