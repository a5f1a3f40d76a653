/// Typed access to the members of a JSON request body, with errors (422, ``PasarelaError/Code/invalidRequest``)
/// that name the field.
///
/// ```swift
/// let reader = try FieldReader(body, allowed: ["reason"])
/// let reason = try reader.requiredString("reason")
/// ```
public struct FieldReader: Sendable {
    /// The object being read.
    public let body: JSONValue
    /// Put before field names in errors, e.g. `customer.`.
    public let prefix: String

    /// A reader of `body`, which must be an object with no member outside `allowed`.
    public init(_ body: JSONValue, allowed: Set<String>, prefix: String = "") throws(PasarelaError) {
        guard let members = body.objectValue else {
            throw PasarelaError(.invalidRequest, "\(prefix.isEmpty ? "the body" : String(prefix.dropLast())): must be a JSON object")
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw PasarelaError(.invalidRequest, "\(prefix)\(key): unknown field (expected: \(allowed.sorted().joined(separator: ", ")))")
        }
        self.body = body
        self.prefix = prefix
    }

    /// A string member, or `nil` when missing or `null`.
    public func optionalString(_ field: String) throws(PasarelaError) -> String? {
        guard let value = body[field], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be a string, not \(value.typeName)")
        }
        try Self.refuseControlCharacters(text, field: "\(prefix)\(field)")
        return text
    }

    /// A string member that must be present and not empty.
    public func requiredString(_ field: String) throws(PasarelaError) -> String {
        guard let text = try optionalString(field), !text.isEmpty else {
            throw PasarelaError(.invalidRequest, "\(prefix)\(field): is required")
        }
        return text
    }

    /// An integer member, or `nil` when missing or `null`.
    public func optionalInteger(_ field: String) throws(PasarelaError) -> Int? {
        guard let value = body[field], !value.isNull else { return nil }
        guard let number = value.int64Value.flatMap(Int.init(exactly:)) else {
            throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be an integer")
        }
        return number
    }

    /// An object member, or `nil` when missing or `null`.
    public func optionalObject(_ field: String) throws(PasarelaError) -> [String: JSONValue]? {
        guard let value = body[field], !value.isNull else { return nil }
        guard let members = value.objectValue else {
            throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be an object, not \(value.typeName)")
        }
        return members
    }

    /// A list of strings, or `nil` when missing or `null`.
    public func stringList(_ field: String) throws(PasarelaError) -> [String]? {
        guard let value = body[field], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be a list of strings") }
        var strings: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be a list of strings") }
            try Self.refuseControlCharacters(text, field: "\(prefix)\(field)")
            strings.append(text)
        }
        return strings
    }

    /// The `currency` member, an ISO 4217 code.
    public func currency() throws(PasarelaError) -> Currency {
        guard let code = try optionalString("currency") else { throw PasarelaError(.invalidRequest, "currency: is required") }
        do {
            return try Currency(code: code)
        } catch {
            throw PasarelaError(.invalidRequest, "currency: \(error)")
        }
    }

    /// Text fields may hold any character but C0 controls other than tab and newlines.
    public static func refuseControlCharacters(_ text: String, field: String) throws(PasarelaError) {
        let allowed: Set<Unicode.Scalar> = ["\t", "\n", "\r"]
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && !allowed.contains($0) }) {
            throw PasarelaError(.invalidRequest, "\(field): control characters are not allowed")
        }
    }

    /// An amount in major units, from a JSON number's text or a decimal string.
    public static func money(_ value: JSONValue, field: String, currency: Currency) throws(PasarelaError) -> Money {
        guard let text = value.numberText ?? value.stringValue else {
            throw PasarelaError(.invalidRequest, "\(field): must be a decimal string or a number, not \(value.typeName)")
        }
        do {
            return try Money(decimal: text, currency: currency)
        } catch {
            throw PasarelaError(.invalidRequest, "\(field): \(error)")
        }
    }
}
