import PasarelaKit

/// The services the marketplace offers: the built-in ones, plus or replaced by (same service id)
/// those of the `catalog` option.
struct ServiceCatalog: Sendable {
    /// Every service, sorted by service id text.
    let services: [CatalogService]

    /// The built-in catalog merged with `configured`, the `catalog` option (a list of service
    /// objects), validated with errors that name the config key (`packs.findyourwork.catalog[2].price: …`).
    init(configured: JSONValue?, keyPath: String) throws(PasarelaError) {
        var byKey = Dictionary(uniqueKeysWithValues: Self.builtIn.map { ($0.key, $0) })
        for service in try Self.read(configured, keyPath: keyPath) { byKey[service.key] = service }
        services = byKey.values.sorted { $0.key < $1.key }
    }

    /// The service with `serviceID` (a number and a string with the same text are the same id).
    func service(_ serviceID: JSONValue) -> CatalogService? {
        services.first { $0.key == serviceID.scalarText }
    }

    /// The services whose type is one of `serviceTypes`, as offered to an event.
    func offers(for serviceTypes: [String]) -> [JSONValue] {
        services.filter { serviceTypes.contains($0.serviceType) }.map(\.json)
    }

    private static func read(_ configured: JSONValue?, keyPath: String) throws(PasarelaError) -> [CatalogService] {
        guard let configured, !configured.isNull else { return [] }
        guard let entries = configured.arrayValue else {
            throw PasarelaError(.configuration, "\(keyPath): must be a list of service objects, not \(configured.typeName)")
        }
        var services: [CatalogService] = []
        for (index, entry) in entries.enumerated() {
            do {
                services.append(try CatalogService(reading: FieldReader(entry, allowed: CatalogService.fieldNames, prefix: "[\(index)].")))
            } catch {
                throw PasarelaError(.configuration, "\(keyPath)\(error.message)")
            }
        }
        return services
    }

    /// What the marketplace offers without configuration.
    static let builtIn: [CatalogService] = [
        CatalogService(
            serviceID: .number("123"), serviceType: "dj", serviceName: "DJ Profesional", serviceCategory: "entretenimiento",
            provider: provider("DJ Sounds Pro", "0998765432"), price: .number("250.00")),
        CatalogService(
            serviceID: .number("124"), serviceType: "dj", serviceName: "DJ y Animación de Fiestas", serviceCategory: "entretenimiento",
            provider: provider("Fiesta Total Ecuador", "0987654321"), price: .number("320.00")),
        CatalogService(
            serviceID: .number("201"), serviceType: "fotografia", serviceName: "Fotografía de Eventos", serviceCategory: "fotografia",
            provider: provider("Lente Creativo", "0991112233"), price: .number("180.00")),
        CatalogService(
            serviceID: .number("301"), serviceType: "decoracion", serviceName: "Decoración Temática", serviceCategory: "decoracion",
            provider: provider("Detalles y Flores", "0984455667"), price: .number("150.00")),
        CatalogService(
            serviceID: .number("401"), serviceType: "catering", serviceName: "Catering de Postres", serviceCategory: "gastronomia",
            provider: provider("Dulce Tentación", "0976543210"), price: .number("95.50")),
    ]

    private static func provider(_ name: String, _ phone: String) -> JSONValue {
        .object(["name": .string(name), "phone": .string(phone)])
    }
}
