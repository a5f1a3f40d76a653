import PasarelaKit

extension ConfigurationDecoder {
    /// One entry of `partners`: `{id, webhook_url, secret, name?, scheme?, events?, headers?}`.
    func decodePartner(_ tree: ConfigValue, key: String) throws(ConfigurationError) -> PartnerDefinition {
        let members = try mapping(tree, key: key, allowed: ["id", "name", "webhook_url", "secret", "scheme", "events", "headers", "event_bus", "rate_limit_per_second", "ordering"])
        func required(_ field: String) throws(ConfigurationError) -> String {
            guard let value = members[field] else { throw ConfigurationError(key: "\(key).\(field)", "is required") }
            let text = try string(value, key: "\(key).\(field)")
            guard !text.isEmpty else { throw ConfigurationError(key: "\(key).\(field)", "must not be empty") }
            return text
        }
        let id = try required("id")
        guard PartnerID.isValid(id) else {
            throw ConfigurationError(key: "\(key).id", "use lower-case letters, digits and '-' (at most 64)")
        }
        let scheme = try members["scheme"].map { value throws(ConfigurationError) in try string(value, key: "\(key).scheme") } ?? "standard"
        guard SignatureSchemes.names.contains(scheme) else {
            throw ConfigurationError(key: "\(key).scheme", "unknown scheme '\(scheme)' (known: \(SignatureSchemes.names.joined(separator: ", ")))")
        }
        let name = try members["name"].map { value throws(ConfigurationError) in try string(value, key: "\(key).name") } ?? id
        var definition = PartnerDefinition(
            id: id, name: name, webhookURL: try required("webhook_url"), secret: try required("secret"), scheme: scheme,
            events: try partnerEvents(members["events"], key: "\(key).events"),
            headers: try partnerHeaders(members["headers"], key: "\(key).headers"))
        if let value = members["event_bus"] { definition.eventBus = try boolean(value, key: "\(key).event_bus") }
        if let value = members["rate_limit_per_second"], !value.isNull {
            definition.rateLimitPerSecond = try integer(value, key: "\(key).rate_limit_per_second", in: 1...10_000)
        }
        if let value = members["ordering"] {
            let text = try string(value, key: "\(key).ordering")
            guard let ordering = DeliveryOrdering(rawValue: text) else {
                throw ConfigurationError(key: "\(key).ordering", "must be none or fifo")
            }
            definition.ordering = ordering
        }
        return definition
    }

    private func partnerEvents(_ value: ConfigValue?, key: String) throws(ConfigurationError) -> [String] {
        guard let value else { return [] }
        guard case .sequence(let items) = value else { throw ConfigurationError(key: key, "must be a list") }
        var events: [String] = []
        for (position, item) in items.enumerated() {
            events.append(try string(item, key: "\(key)[\(position)]"))
        }
        do {
            try EventSubscription.check(events, field: key)
        } catch {
            throw ConfigurationError(key: key, error.message.replacingOccurrences(of: "\(key): ", with: ""))
        }
        return events
    }

    private func partnerHeaders(_ value: ConfigValue?, key: String) throws(ConfigurationError) -> [String: String] {
        guard let value else { return [:] }
        guard case .mapping(let members) = value else { throw ConfigurationError(key: key, "must be a mapping of header names to values") }
        var headers: [String: String] = [:]
        for member in members {
            headers[member.key] = try string(member.value, key: "\(key).\(member.key)")
        }
        do {
            try PartnerHeaders.check(headers, field: key)
        } catch {
            throw ConfigurationError(key: key, error.message.replacingOccurrences(of: "\(key)", with: "").trimmingCharacters(in: [".", ":", " "]))
        }
        return headers
    }
}
