import PasarelaKit

/// A validated `POST /partners/register` body.
struct PartnerRegistration: Sendable {
    var id: String
    var name: String
    var webhookURL: String
    var contactEmail: String?
    var scheme: String
    var events: [String]
    /// Headers sent with every delivery.
    var headers: [String: String] = [:]
    /// Whether it gets a copy of every event the host handles.
    var eventBus = false
    /// At most this many attempts a second; `nil` for no limit.
    var rateLimitPerSecond: Int?
    var ordering = DeliveryOrdering.none
    /// The shared secret to use; `nil` generates one.
    var secret: String?

    init(id: String, name: String, webhookURL: String, contactEmail: String?, scheme: String, events: [String], secret: String?) {
        self.id = id
        self.name = name
        self.webhookURL = webhookURL
        self.contactEmail = contactEmail
        self.scheme = scheme
        self.events = events
        self.secret = secret
    }

    init(json body: JSONValue, defaultScheme: String = "standard") throws(PasarelaError) {
        let reader = try FieldReader(
            body, allowed: ["name", "partner_id", "code", "webhook_url", "contact_email", "scheme", "events", "headers", "event_bus", "rate_limit_per_second", "ordering"])
        guard let name = try reader.optionalString("name"), !name.isEmpty else {
            throw PasarelaError(.invalidRequest, "name: is required")
        }
        self.name = name
        let explicitID = try reader.optionalString("partner_id")
        let code = try reader.optionalString("code")
        let id = explicitID ?? code ?? PartnerID.slug(from: name)
        guard PartnerID.isValid(id) else {
            throw PasarelaError(.invalidRequest, "partner_id: '\(id)' must use lower-case letters, digits, '-' and '_' (at most 64)")
        }
        self.id = id
        guard let url = try reader.optionalString("webhook_url") else { throw PasarelaError(.invalidRequest, "webhook_url: is required") }
        webhookURL = url
        contactEmail = try reader.optionalString("contact_email")
        if let email = contactEmail, !email.contains("@") {
            throw PasarelaError(.invalidRequest, "contact_email: '\(email)' is not an email address")
        }
        let scheme = try reader.optionalString("scheme")
        self.scheme = scheme ?? defaultScheme
        guard SignatureSchemes.names.contains(self.scheme) else {
            throw PasarelaError(.invalidRequest, "scheme: must be one of \(SignatureSchemes.names.joined(separator: ", "))")
        }
        events = try reader.stringList("events") ?? []
        try EventSubscription.check(events, field: "events")
        headers = try PartnerHeaders.read(try reader.optionalObject("headers")) ?? [:]
        eventBus = try Self.flag(body["event_bus"], "event_bus") ?? false
        rateLimitPerSecond = try Self.rateLimit(body["rate_limit_per_second"]) ?? nil
        ordering = try Self.ordering(try reader.optionalString("ordering")) ?? .none
    }

    /// `rate_limit_per_second`: `nil` when absent, `.some(nil)` for `null` (no limit), else 1 to 10000.
    static func rateLimit(_ value: JSONValue?) throws(PasarelaError) -> Int?? {
        guard let value else { return nil }
        if value.isNull { return .some(nil) }
        guard let number = value.int64Value, (1...10_000).contains(number) else {
            throw PasarelaError(.invalidRequest, "rate_limit_per_second: must be an integer from 1 to 10000, or null for no limit")
        }
        return .some(Int(number))
    }

    /// `ordering`: `none` or `fifo`.
    static func ordering(_ text: String?) throws(PasarelaError) -> DeliveryOrdering? {
        guard let text else { return nil }
        guard let ordering = DeliveryOrdering(rawValue: text) else { throw PasarelaError(.invalidRequest, "ordering: must be none or fifo") }
        return ordering
    }

    /// A boolean field, `nil` when absent or null; anything else is a 422.
    static func flag(_ value: JSONValue?, _ field: String) throws(PasarelaError) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw PasarelaError(.invalidRequest, "\(field): must be true or false") }
        return flag
    }
}

/// A validated `PATCH /partners/{id}` body: only the fields given change.
struct PartnerChange: Sendable {
    var name: String?
    var webhookURL: String?
    var contactEmail: String?
    var events: [String]?
    /// The new set of delivery headers (replacing the old one; `{}` removes them all).
    var headers: [String: String]?
    /// `enabled` resumes a disabled partner's deliveries; `disabled` holds them.
    var status: PartnerStatus?
    /// Whether it gets a copy of every event the host handles.
    var eventBus: Bool?
    /// A new limit (`.some(nil)` removes it).
    var rateLimitPerSecond: Int??
    var ordering: DeliveryOrdering?

    /// Whether only the status changes: the one change partners from the config file take here.
    var changesStatusOnly: Bool {
        status != nil && name == nil && webhookURL == nil && contactEmail == nil && events == nil && headers == nil && eventBus == nil
            && rateLimitPerSecond == nil && ordering == nil
    }

    init(json body: JSONValue) throws(PasarelaError) {
        let reader = try FieldReader(body, allowed: ["name", "webhook_url", "contact_email", "events", "headers", "status", "event_bus", "rate_limit_per_second", "ordering"])
        eventBus = try PartnerRegistration.flag(body["event_bus"], "event_bus")
        rateLimitPerSecond = try PartnerRegistration.rateLimit(body["rate_limit_per_second"])
        ordering = try PartnerRegistration.ordering(try reader.optionalString("ordering"))
        if let text = try reader.optionalString("status") {
            guard let status = PartnerStatus(rawValue: text) else {
                throw PasarelaError(.invalidRequest, "status: must be enabled or disabled")
            }
            self.status = status
        }
        name = try reader.optionalString("name")
        webhookURL = try reader.optionalString("webhook_url")
        contactEmail = try reader.optionalString("contact_email")
        events = try reader.stringList("events")
        if let events { try EventSubscription.check(events, field: "events") }
        headers = try PartnerHeaders.read(try reader.optionalObject("headers"))
    }
}
