import PasarelaKit

/// A service the marketplace offers: `{"service_id", "service_type", "service_name",
/// "service_category", "provider": {"name", "phone"}, "price"}`.
struct CatalogService: Hashable, Sendable {
    /// An integer (`123`) or a string.
    var serviceID: JSONValue
    /// What a reservation asks for in `services_requested` (`dj`, `fotografia`, …).
    var serviceType: String
    var serviceName: String
    var serviceCategory: String
    var provider: JSONValue
    /// A JSON number kept as its text (`250.00`).
    var price: JSONValue

    /// The member names of a service object.
    static let fieldNames: Set<String> = ["service_id", "service_type", "service_name", "service_category", "provider", "price"]

    init(serviceID: JSONValue, serviceType: String, serviceName: String, serviceCategory: String, provider: JSONValue, price: JSONValue) {
        self.serviceID = serviceID
        self.serviceType = serviceType
        self.serviceName = serviceName
        self.serviceCategory = serviceCategory
        self.provider = provider
        self.price = price
    }

    /// Reads and validates a service object; errors name the field after `object`'s prefix.
    init(reading object: FieldReader) throws(PasarelaError) {
        serviceID = try Self.serviceID(in: object)
        serviceType = try object.requiredString("service_type")
        serviceName = try object.requiredString("service_name")
        serviceCategory = try object.requiredString("service_category")
        guard let provider = try object.optionalObject("provider") else {
            throw PasarelaError(.invalidRequest, "\(object.prefix)provider: is required")
        }
        guard let price = try object.price("price") else { throw PasarelaError(.invalidRequest, "\(object.prefix)price: is required") }
        self.provider = .object(provider)
        self.price = price
    }

    /// The `service_id` member of `object`: an integer or a non-empty string.
    static func serviceID(in object: FieldReader) throws(PasarelaError) -> JSONValue {
        guard let value = object.body["service_id"], !value.isNull else {
            throw PasarelaError(.invalidRequest, "\(object.prefix)service_id: is required")
        }
        guard value.int64Value != nil || value.stringValue?.isEmpty == false else {
            throw PasarelaError(.invalidRequest, "\(object.prefix)service_id: must be an integer or a non-empty string")
        }
        return value
    }

    /// The text that identifies the service, whether its id was written as a number or a string.
    var key: String { serviceID.scalarText ?? "" }

    var json: JSONValue {
        .object([
            "service_id": serviceID, "service_type": .string(serviceType), "service_name": .string(serviceName),
            "service_category": .string(serviceCategory), "provider": provider, "price": price,
        ])
    }
}

extension FieldReader {
    /// A price member in US dollars (at least 0, at most 2 decimals), kept as given; `nil` when missing or `null`.
    func price(_ field: String) throws(PasarelaError) -> JSONValue? {
        guard let value = body[field], !value.isNull else { return nil }
        let amount = try FieldReader.money(value, field: "\(prefix)\(field)", currency: .usd)
        guard amount.minor >= 0 else { throw PasarelaError(.invalidRequest, "\(prefix)\(field): must not be negative") }
        return value
    }
}
