import PasarelaKit

/// The `findyourwork` pack: the services marketplace's side of the seed's integration.
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
        factory: .pack { _, _ in throw PasarelaError(.configuration, "findyourwork is being built") }
    )
}
