import PasarelaKit

/// How the conformance kit alters a validly signed webhook: the part it changes must be one the
/// provider's signature covers.
///
/// ```swift
/// ProviderWebhookFixture(sign: …, event: …, unknownEvent: …, tolerance: 300, tampering: .queryParameter("data.id"))
/// ```
public struct WebhookTampering: Sendable, CustomStringConvertible {
    /// What is altered, for messages (`the body`).
    public let description: String
    let apply: @Sendable (inout ProviderWebhookRequest) -> Void

    /// Changes one character inside the body (inside a JSON string when there is one, so it stays
    /// JSON): for schemes that sign the body, like Stripe's.
    public static let body = WebhookTampering(description: "the body") { request in
        request.body = Self.altered(request.body, preferringJSONStrings: true)
    }

    /// Changes one character of the query parameter `name`: for schemes that sign it, like
    /// MercadoPago's `data.id`.
    public static func queryParameter(_ name: String) -> WebhookTampering {
        WebhookTampering(description: "the query parameter \(name)") { request in
            guard let value = request.query[name] else { return }
            request.query[name] = String(decoding: altered(Array(value.utf8), preferringJSONStrings: false), as: UTF8.self)
        }
    }

    /// `bytes` with their last ASCII letter or digit changed (a letter's case flipped, a digit
    /// moved by one), the last one inside a JSON string when asked and there is one.
    static func altered(_ bytes: [UInt8], preferringJSONStrings: Bool) -> [UInt8] {
        var lastAnywhere: Int?
        var lastInString: Int?
        var inString = false
        var escaped = false
        for (index, byte) in bytes.enumerated() {
            if inString, escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\"), inString {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString.toggle()
            } else if isAlphanumeric(byte) {
                lastAnywhere = index
                if inString { lastInString = index }
            }
        }
        guard let index = (preferringJSONStrings ? lastInString : nil) ?? lastAnywhere else { return bytes + Array("x".utf8) }
        var changed = bytes
        let byte = bytes[index]
        if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            changed[index] = byte == UInt8(ascii: "9") ? UInt8(ascii: "8") : byte + 1
        } else {
            changed[index] = byte ^ 0x20
        }
        return changed
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
