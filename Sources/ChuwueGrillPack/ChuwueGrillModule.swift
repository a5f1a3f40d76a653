import PasarelaKit

/// The `chuwue-grill` pack: the restaurant's side of the seed's integration.
///
/// Routes (behind the admin token; `{partner}` is the `partner_id` option, `findyourwork` by default):
/// `POST /partners/register/{partner}`, `GET /partners/{partner}/status` (also the partner's own key),
/// `POST /partners/{partner}/notify-event`, `GET /reservations/{reservation_id}`,
/// `POST /reservations/{reservation_id}/update`, `POST /reservations/{reservation_id}/cancel`.
public enum ChuwueGrillModule {
    /// The module's registration.
    public static let descriptor = ModuleDescriptor(
        name: "chuwue-grill",
        version: "1.0.0",
        summary: "Chuwue Grill: forwards large corporate events to FindyourWork and keeps their itineraries",
        options: [
            OptionSpec(name: "partner_id", type: .string, defaultValue: .string("findyourwork"), summary: "The marketplace partner's id"),
            OptionSpec(
                name: "shared_secret", type: .string, secret: true,
                summary: "Secret for the partner's quick registration (the seed's FINDYOURWORK_WEBHOOK_SECRET); generated when unset"),
            OptionSpec(
                name: "min_guests", type: .integer, defaultValue: .integer(50),
                summary: "Reservations with fewer guests are kept but not forwarded"),
        ],
        factory: .pack { options, context in
            ChuwueGrillPack(settings: try ChuwueGrillSettings(options: options, keyPath: "packs.\(context.packName)"), context: context)
        }
    )
}
