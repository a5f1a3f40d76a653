import PasarelaKit

/// Turns a ``ConfigValue`` tree into a ``HostConfiguration``, refusing unknown keys and values
/// of the wrong type with an error that names the key.
struct ConfigurationDecoder {
    func decode(_ tree: ConfigValue) throws(ConfigurationError) -> HostConfiguration {
        var configuration = HostConfiguration()
        let root = try mapping(
            tree, key: "", allowed: ["identity", "server", "admin", "storage", "payments", "packs", "partners", "webhooks", "delivery", "secrets", "modules"])
        if let value = root["identity"] { configuration.identity = try string(value, key: "identity") }
        if let server = root["server"] {
            configuration.server = try decodeServer(server)
        }
        if let admin = root["admin"] { configuration.adminToken = try decodeAdminToken(admin) }
        if let storage = root["storage"] { try decodeStorage(storage, into: &configuration) }
        if let payments = root["payments"] {
            configuration.payments = try decodePayments(payments)
        }
        if let packs = root["packs"] {
            configuration.packs = try uniqueList(
                packs, key: "packs", shape: "pack names or {module: name, options…}", idKey: "", id: \.name, decode: decodePack)
        }
        if let modules = root["modules"] { configuration.modulePaths = try decodeModulePaths(modules) }
        if let webhooks = root["webhooks"] {
            let members = try mapping(webhooks, key: "webhooks", allowed: ["tolerance_seconds"])
            if let value = members["tolerance_seconds"] {
                configuration.webhooks.toleranceSeconds = try integer(value, key: "webhooks.tolerance_seconds", in: 1...86_400)
            }
        }
        if let delivery = root["delivery"] { configuration.delivery = try decodeDelivery(delivery) }
        if let secrets = root["secrets"] { configuration.secretsKey = try decodeSecretsKey(secrets) }
        if let partners = root["partners"] {
            configuration.partners = try uniqueList(
                partners, key: "partners", shape: "{id, webhook_url, secret, scheme?}", idKey: ".id", id: \.id, decode: decodePartner)
        }
        return configuration
    }

    private func decodeServer(_ tree: ConfigValue) throws(ConfigurationError) -> HostConfiguration.Server {
        var server = HostConfiguration.Server()
        let members = try mapping(
            tree, key: "server",
            allowed: ["host", "port", "max_body_bytes", "read_timeout_seconds", "idle_timeout_seconds", "max_connections",
                "max_pending_body_bytes", "public_url",
            ])
        if let value = members["host"] { server.host = try string(value, key: "server.host") }
        if let value = members["port"] { server.port = try integer(value, key: "server.port", in: 0...65535) }
        if let value = members["max_body_bytes"] {
            server.maxBodyBytes = try integer(value, key: "server.max_body_bytes", in: 1...1_073_741_824)
        }
        if let value = members["read_timeout_seconds"] {
            server.readTimeoutSeconds = try integer(value, key: "server.read_timeout_seconds", in: 1...3600)
        }
        if let value = members["idle_timeout_seconds"] {
            server.idleTimeoutSeconds = try integer(value, key: "server.idle_timeout_seconds", in: 1...86_400)
        }
        if let value = members["max_connections"] {
            server.maxConnections = try integer(value, key: "server.max_connections", in: 1...1_000_000)
        }
        if let value = members["max_pending_body_bytes"] {
            server.maxPendingBodyBytes = try integer(value, key: "server.max_pending_body_bytes", in: 1...17_179_869_184)
            guard server.maxPendingBodyBytes >= server.maxBodyBytes else {
                throw ConfigurationError(
                    key: "server.max_pending_body_bytes", "must be at least server.max_body_bytes (\(server.maxBodyBytes))")
            }
        } else {
            server.maxPendingBodyBytes = max(server.maxPendingBodyBytes, server.maxBodyBytes)
        }
        if let value = members["public_url"] { server.publicURL = try publicURL(value) }
        return server
    }

    private func decodeStorage(_ tree: ConfigValue, into configuration: inout HostConfiguration) throws(ConfigurationError) {
        let members = try mapping(tree, key: "storage", allowed: ["url", "sqlite_synchronous"])
        if let value = members["url"] {
            configuration.storageURL = try string(value, key: "storage.url")
            try StorageFactory.validate(url: configuration.storageURL)
        }
        if let value = members["sqlite_synchronous"] {
            let name = try string(value, key: "storage.sqlite_synchronous")
            guard let setting = SQLiteSynchronous(named: name) else {
                throw ConfigurationError(key: "storage.sqlite_synchronous", "'\(name)' is not a setting: use full or normal")
            }
            configuration.sqliteSynchronous = setting
        }
    }

    private func decodePayments(_ tree: ConfigValue) throws(ConfigurationError) -> HostConfiguration.Payments {
        var payments = HostConfiguration.Payments()
        let members = try mapping(tree, key: "payments", allowed: ["default", "instances", "routes", "checkout_sweep_seconds"])
        if let instances = members["instances"] {
            guard case .mapping(let entries) = instances, !entries.isEmpty else {
                throw ConfigurationError(key: "payments.instances", "must map instance names to {module: …, options…}")
            }
            payments.instances = []
            for (name, value) in entries {
                payments.instances.append(try decodeInstance(name: name, value))
            }
            payments.defaultInstance = payments.instances[0].name
        }
        if let value = members["default"] { payments.defaultInstance = try string(value, key: "payments.default") }
        guard payments.instances.contains(where: { $0.name == payments.defaultInstance }) else {
            throw ConfigurationError(key: "payments.default", "'\(payments.defaultInstance)' is not a configured instance")
        }
        if let routes = members["routes"] {
            guard case .sequence(let rules) = routes else {
                throw ConfigurationError(key: "payments.routes", "must be a list of {currency, instance}")
            }
            for (position, rule) in rules.enumerated() {
                payments.routes.append(try decodeRoute(rule, key: "payments.routes[\(position)]", instances: payments.instances))
            }
        }
        if let value = members["checkout_sweep_seconds"] {
            payments.checkoutSweepSeconds = try integer(value, key: "payments.checkout_sweep_seconds", in: 1...3600)
        }
        return payments
    }

    func boolean(_ tree: ConfigValue, key: String) throws(ConfigurationError) -> Bool {
        guard case .scalar(let text, _) = tree, ["true", "false"].contains(text.lowercased()) else {
            throw ConfigurationError(key: key, "expected true or false")
        }
        return text.lowercased() == "true"
    }

    private func decodeInstance(name: String, _ tree: ConfigValue) throws(ConfigurationError) -> ModuleInstance {
        let key = "payments.instances.\(name)"
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !name.isEmpty else {
            throw ConfigurationError(key: key, "instance names may use letters, digits, '-' and '_' only")
        }
        let instance = try decodeOptions(of: tree, key: key)
        return ModuleInstance(name: name, module: instance.module, options: instance.options)
    }

    /// `{module: name, option: value, …}`.
    private func decodeOptions(of tree: ConfigValue, key: String) throws(ConfigurationError)
        -> (module: String, options: [String: OptionValue])
    {
        guard case .mapping(let entries) = tree else {
            throw ConfigurationError(key: key, "must be a mapping with at least `module`")
        }
        guard let moduleValue = tree["module"] else {
            throw ConfigurationError(key: "\(key).module", "is required")
        }
        let module = try string(moduleValue, key: "\(key).module")
        var options: [String: OptionValue] = [:]
        for (option, value) in entries where option != "module" && !value.isNull {
            options[option] = try optionValue(value, key: "\(key).\(option)")
        }
        return (module, options)
    }

    /// A list whose entries `decode` reads, refusing two with the same `id` (named at `[position]` + `idKey`).
    private func uniqueList<Entry>(
        _ tree: ConfigValue, key: String, shape: String, idKey: String, id: (Entry) -> String,
        decode: (ConfigValue, String) throws(ConfigurationError) -> Entry
    ) throws(ConfigurationError) -> [Entry] {
        guard case .sequence(let items) = tree else { throw ConfigurationError(key: key, "must be a list of \(shape)") }
        var entries: [Entry] = []
        for (position, item) in items.enumerated() {
            let entry = try decode(item, "\(key)[\(position)]")
            guard !entries.contains(where: { id($0) == id(entry) }) else {
                throw ConfigurationError(key: "\(key)[\(position)]\(idKey)", "'\(id(entry))' is listed twice")
            }
            entries.append(entry)
        }
        return entries
    }

    /// `chuwue-grill`, or `{module: chuwue-grill, min_guests: 30}`.
    private func decodePack(_ tree: ConfigValue, key: String) throws(ConfigurationError) -> ModuleInstance {
        guard case .mapping = tree else {
            let name = try string(tree, key: key)
            return ModuleInstance(name: name, module: name, options: [:])
        }
        let instance = try decodeOptions(of: tree, key: key)
        return ModuleInstance(name: instance.module, module: instance.module, options: instance.options)
    }

    private func decodeRoute(_ tree: ConfigValue, key: String, instances: [ModuleInstance]) throws(ConfigurationError)
        -> PaymentRoute
    {
        let members = try mapping(tree, key: key, allowed: ["currency", "instance"])
        guard let currencyValue = members["currency"], let instanceValue = members["instance"] else {
            throw ConfigurationError(key: key, "needs both currency and instance")
        }
        let code = try string(currencyValue, key: "\(key).currency")
        let currency: Currency
        do {
            currency = try Currency(code: code)
        } catch {
            throw ConfigurationError(key: "\(key).currency", error.description)
        }
        let instance = try string(instanceValue, key: "\(key).instance")
        guard instances.contains(where: { $0.name == instance }) else {
            throw ConfigurationError(key: "\(key).instance", "'\(instance)' is not a configured instance")
        }
        return PaymentRoute(currency: currency, instance: instance)
    }

    func mapping(_ tree: ConfigValue, key: String, allowed: Set<String>) throws(ConfigurationError)
        -> [String: ConfigValue]
    {
        guard case .mapping(let entries) = tree else {
            if tree.isNull { return [:] }
            throw ConfigurationError(key: key, "expected a mapping, got \(tree.kindName)")
        }
        var result: [String: ConfigValue] = [:]
        for (name, value) in entries {
            let childKey = key.isEmpty ? name : "\(key).\(name)"
            guard allowed.contains(name) else {
                throw ConfigurationError(key: childKey, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    func string(_ tree: ConfigValue, key: String) throws(ConfigurationError) -> String {
        guard case .scalar(let text, _) = tree else {
            throw ConfigurationError(key: key, "expected a string, got \(tree.kindName)")
        }
        return text
    }

    func integer(_ tree: ConfigValue, key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .scalar(let text, _) = tree, let number = Int(text) else {
            throw ConfigurationError(key: key, "expected an integer")
        }
        guard range.contains(number) else {
            throw ConfigurationError(key: key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    private func optionValue(_ tree: ConfigValue, key: String) throws(ConfigurationError) -> OptionValue {
        switch tree {
        case .scalar(let text, let plain):
            guard plain else { return .string(text) }
            if let number = Int(text) { return .integer(number) }
            if ["true", "True", "TRUE"].contains(text) { return .boolean(true) }
            if ["false", "False", "FALSE"].contains(text) { return .boolean(false) }
            return .string(text)
        case .sequence(let elements):
            guard elements.allSatisfy({ if case .scalar = $0 { return true } else { return false } }) else { return .json(json(tree)) }
            var items: [String] = []
            for (position, element) in elements.enumerated() {
                items.append(try string(element, key: "\(key)[\(position)]"))
            }
            return .stringList(items)
        case .mapping:
            return .json(json(tree))
        }
    }

    /// A structured option value as JSON: plain numbers and booleans keep their type, the rest are strings.
    private func json(_ tree: ConfigValue) -> JSONValue {
        switch tree {
        case .scalar(let text, let plain):
            guard plain else { return .string(text) }
            if tree.isNull { return .null }
            if ["true", "false"].contains(text.lowercased()) { return .bool(text.lowercased() == "true") }
            if let number = try? JSONValue.parse(Array(text.utf8)), number.numberText != nil { return number }
            return .string(text)
        case .sequence(let elements):
            return .array(elements.map(json))
        case .mapping(let members):
            return .object(Dictionary(members.map { ($0.key, json($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
