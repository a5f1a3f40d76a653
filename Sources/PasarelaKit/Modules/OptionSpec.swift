/// One option a module takes in its instance's config.
public struct OptionSpec: Hashable, Sendable {
    public var name: String
    public var type: OptionType
    public var required: Bool
    /// A secret is masked by `config check`, never logged and never returned by the API.
    public var secret: Bool
    /// The value used when the config leaves the option out.
    public var defaultValue: OptionValue?
    public var summary: String

    public init(
        name: String, type: OptionType, required: Bool = false, secret: Bool = false,
        defaultValue: OptionValue? = nil, summary: String = ""
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.secret = secret
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// The type of a module option.
public struct OptionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let string = OptionType(rawValue: "string")
    public static let integer = OptionType(rawValue: "integer")
    public static let boolean = OptionType(rawValue: "boolean")
    public static let stringList = OptionType(rawValue: "string list")
    /// Structured data (mappings and lists in the config file), handed over as JSON.
    public static let json = OptionType(rawValue: "json")
}

/// A value given to a module option.
public enum OptionValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case stringList([String])
    case json(JSONValue)

    public var type: OptionType {
        switch self {
        case .string: return .string
        case .integer: return .integer
        case .boolean: return .boolean
        case .stringList: return .stringList
        case .json: return .json
        }
    }

    public var description: String {
        switch self {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .stringList(let items): return items.joined(separator: ", ")
        case .json(let value): return value.serialized()
        }
    }

    /// The value as JSON: what a ``OptionType/json`` option receives when the config gives a scalar or a list.
    public var jsonValue: JSONValue {
        switch self {
        case .string(let text): return .string(text)
        case .integer(let number): return .number(String(number))
        case .boolean(let flag): return .bool(flag)
        case .stringList(let items): return .array(items.map(JSONValue.string))
        case .json(let value): return value
        }
    }
}
