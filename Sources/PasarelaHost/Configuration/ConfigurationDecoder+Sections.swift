import PasarelaKit

extension ConfigurationDecoder {
    /// `server.public_url`: an absolute http(s) URL with a host and no query or fragment; a
    /// trailing `/` is dropped.
    func publicURL(_ tree: ConfigValue) throws(ConfigurationError) -> String {
        let text = try string(tree, key: "server.public_url")
        guard AbsoluteHTTPURL.isValid(text, allowingQuery: false) else {
            throw ConfigurationError(key: "server.public_url", "'\(text)' is not an absolute http(s) URL without query or fragment")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// `admin.token`: at least 16 characters; empty means none (one is generated at start).
    func decodeAdminToken(_ tree: ConfigValue) throws(ConfigurationError) -> String? {
        let members = try mapping(tree, key: "admin", allowed: ["token"])
        guard let value = members["token"] else { return nil }
        let token = try string(value, key: "admin.token")
        guard token.isEmpty || token.count >= 16 else {
            throw ConfigurationError(key: "admin.token", "must be at least 16 characters")
        }
        return token.isEmpty ? nil : token
    }

    /// `secrets.key`: at least 16 characters; empty means none.
    func decodeSecretsKey(_ tree: ConfigValue) throws(ConfigurationError) -> String? {
        let members = try mapping(tree, key: "secrets", allowed: ["key"])
        guard let value = members["key"] else { return nil }
        let key = try string(value, key: "secrets.key")
        guard key.isEmpty || key.count >= 16 else { throw ConfigurationError(key: "secrets.key", "must be at least 16 characters") }
        return key.isEmpty ? nil : key
    }

    /// `modules.paths`: the shared libraries to load, none empty.
    func decodeModulePaths(_ tree: ConfigValue) throws(ConfigurationError) -> [String] {
        let members = try mapping(tree, key: "modules", allowed: ["paths"])
        guard let value = members["paths"] else { return [] }
        guard case .sequence(let items) = value else {
            throw ConfigurationError(key: "modules.paths", "must be a list of library paths")
        }
        var paths: [String] = []
        for (position, item) in items.enumerated() {
            let path = try string(item, key: "modules.paths[\(position)]")
            guard !path.isEmpty else { throw ConfigurationError(key: "modules.paths[\(position)]", "is empty") }
            paths.append(path)
        }
        return paths
    }

    /// `delivery.*`; the lease must outlast an attempt's timeout.
    func decodeDelivery(_ tree: ConfigValue) throws(ConfigurationError) -> HostConfiguration.Delivery {
        var delivery = HostConfiguration.Delivery()
        let members = try mapping(
            tree, key: "delivery",
            allowed: [
                "schedule", "timeout_seconds", "lease_seconds", "max_response_bytes", "allow_private_networks", "disable_after_hours",
                "max_in_flight",
            ])
        if let value = members["schedule"] {
            guard case .sequence(let items) = value, !items.isEmpty else {
                throw ConfigurationError(key: "delivery.schedule", "must be a non-empty list of seconds")
            }
            var schedule: [Int] = []
            for (position, item) in items.enumerated() {
                schedule.append(try integer(item, key: "delivery.schedule[\(position)]", in: 0...604_800))
            }
            delivery.schedule = schedule
        }
        if let value = members["timeout_seconds"] { delivery.timeoutSeconds = try integer(value, key: "delivery.timeout_seconds", in: 1...300) }
        if let value = members["max_response_bytes"] {
            delivery.maxResponseBytes = try integer(value, key: "delivery.max_response_bytes", in: 0...10_485_760)
        }
        if let value = members["lease_seconds"] { delivery.leaseSeconds = try integer(value, key: "delivery.lease_seconds", in: 1...3600) }
        guard delivery.leaseSeconds > delivery.timeoutSeconds else {
            throw ConfigurationError(
                key: "delivery.lease_seconds", "must be longer than delivery.timeout_seconds, or an attempt could outlive its claim")
        }
        if let value = members["max_in_flight"] { delivery.maxInFlight = try integer(value, key: "delivery.max_in_flight", in: 1...HostConfiguration.Delivery.maxInFlightLimit) }
        if let value = members["allow_private_networks"] {
            delivery.allowPrivateNetworks = try boolean(value, key: "delivery.allow_private_networks")
        }
        if let value = members["disable_after_hours"] {
            guard case .scalar(let text, _) = value, let hours = Double(text), hours.isFinite, (0...8_760).contains(hours) else {
                throw ConfigurationError(key: "delivery.disable_after_hours", "expected a number of hours from 0 (never) to 8760")
            }
            delivery.disableAfterHours = hours
        }
        return delivery
    }
}
