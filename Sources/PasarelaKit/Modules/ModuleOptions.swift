/// The validated options of one module instance.
///
/// Built by ``validate(_:against:keyPath:)``, which the host calls at startup: every required
/// option is present, every value has its declared type, no unknown option is given, and
/// defaults are filled in. Errors name the config key.
public struct ModuleOptions: Sendable {
    private let values: [String: OptionValue]
    private let specs: [String: OptionSpec]

    /// Checks raw config values against a module's option specs.
    ///
    /// `keyPath` is where the instance sits in the config (`payments.instances.stripe`), so a
    /// failure reads `payments.instances.stripe.secret_key: required option is missing`.
    public static func validate(
        _ raw: [String: OptionValue], against specs: [OptionSpec], keyPath: String
    ) throws(PasarelaError) -> ModuleOptions {
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for key in raw.keys.sorted() where byName[key] == nil {
            let known = specs.map(\.name).sorted().joined(separator: ", ")
            throw PasarelaError(
                .configuration, "\(keyPath).\(key): unknown option (known: \(known.isEmpty ? "none" : known))")
        }
        var values: [String: OptionValue] = [:]
        for spec in specs {
            guard let value = raw[spec.name] ?? spec.defaultValue else {
                if spec.required {
                    throw PasarelaError(.configuration, "\(keyPath).\(spec.name): required option is missing")
                }
                continue
            }
            values[spec.name] = try coerce(value, to: spec, keyPath: "\(keyPath).\(spec.name)")
        }
        return ModuleOptions(values: values, specs: byName)
    }

    private static func coerce(_ value: OptionValue, to spec: OptionSpec, keyPath: String) throws(PasarelaError)
        -> OptionValue
    {
        if value.type == spec.type {
            if case .string(let text) = value, spec.required, text.isEmpty {
                throw PasarelaError(.configuration, "\(keyPath): required option is empty")
            }
            return value
        }
        if spec.type == .string, case .integer(let number) = value { return .string(String(number)) }
        if spec.type == .stringList, case .string(let text) = value { return .stringList([text]) }
        if spec.type == .json { return .json(value.jsonValue) }
        throw PasarelaError(.configuration, "\(keyPath): expected \(spec.type), got \(value.type)")
    }

    private init(values: [String: OptionValue], specs: [String: OptionSpec]) {
        self.values = values
        self.specs = specs
    }

    /// The string option `name`, if set.
    public func string(_ name: String) -> String? {
        if case .string(let text)? = values[name] { return text }
        return nil
    }

    /// The integer option `name`, if set.
    public func integer(_ name: String) -> Int? {
        if case .integer(let number)? = values[name] { return number }
        return nil
    }

    /// The boolean option `name`, if set.
    public func boolean(_ name: String) -> Bool? {
        if case .boolean(let flag)? = values[name] { return flag }
        return nil
    }

    /// The string-list option `name`, if set.
    public func stringList(_ name: String) -> [String]? {
        if case .stringList(let items)? = values[name] { return items }
        return nil
    }

    /// The structured option `name`, if set.
    public func json(_ name: String) -> JSONValue? {
        if case .json(let value)? = values[name] { return value }
        return nil
    }

    /// Every set option, with secret values replaced by `****`, for display.
    public var masked: [String: String] {
        Dictionary(
            uniqueKeysWithValues: values.map { name, value in
                (name, specs[name]?.secret == true ? "****" : value.description)
            })
    }
}
