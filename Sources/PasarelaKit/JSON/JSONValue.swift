/// A JSON document as parsed, with numbers kept as their original text.
///
/// Numbers are never routed through `Double`: `19.99` stays the text `19.99`, so money and
/// large integers survive exactly. Parse with `JSONValue.parse(_:)` (bytes or text); write with
/// ``JSONValue/serialized()``.
///
/// ```swift
/// let body = try JSONValue.parse(Array(#"{"amount": 19.99}"#.utf8))
/// body["amount"]?.numberText   // "19.99"
/// ```
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as the exact text it was written with.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member named `key` of an object; `nil` for a missing member or a non-object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number's text, when this is a number.
    public var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// The text of a string or a number (`"RES-1"` → `RES-1`, `123` → `123`), for ids that partners
    /// send either way; `nil` for other values.
    public var scalarText: String? {
        stringValue ?? numberText
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The integer, when this is a number written without fraction or exponent that fits 64 bits.
    public var int64Value: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    /// `true` for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's JSON type, for error messages: `"string"`, `"object"`, ….
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
