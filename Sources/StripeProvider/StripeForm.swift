/// Stripe's request encoding: `application/x-www-form-urlencoded`, nested keys in brackets
/// (`metadata[order]=42`), fields in the order they were added.
struct StripeForm: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    /// Adds `name=value`; a `nil` value adds nothing.
    mutating func add(_ name: String, _ value: String?) {
        guard let value else { return }
        fields.append((name, value))
    }

    /// Adds `prefix[key]=value` for each entry, keys sorted.
    mutating func add(_ prefix: String, dictionary: [String: String]) {
        for key in dictionary.keys.sorted() {
            fields.append(("\(prefix)[\(key)]", dictionary[key]!))
        }
    }

    /// The encoded body: `a=1&metadata%5Bk%5D=v`, spaces as `+`.
    var encoded: String {
        fields.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    /// Percent-encodes everything but unreserved characters; a space becomes `+`.
    static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output += "+"
            default:
                let digits = Array("0123456789ABCDEF")
                output += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
            }
        }
        return output
    }
}
