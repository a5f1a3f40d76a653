import PasarelaKit

/// A partner's own delivery headers (`headers`): sent with every delivery, so that n8n's Header
/// Auth, Zapier or an API gateway can authenticate the host without checking a signature. Their
/// values are credentials: write-only, encrypted at rest, never logged.
enum PartnerHeaders {
    /// The most headers a partner may have, and how long a name and a value may be.
    static let maximumCount = 20
    static let maximumNameLength = 64
    static let maximumValueLength = 2_048

    /// Names the host sets itself or that frame the request (case-insensitive); `webhook-*`,
    /// `x-partner-*`, `proxy-*` and `content-*` are prefixes.
    static let reservedNames: Set<String> = [
        "host", "content-length", "content-type", "x-hmac-signature", "transfer-encoding", "connection", "keep-alive",
        "upgrade", "te", "trailer", "expect",
    ]
    static let reservedPrefixes = ["webhook-", "x-partner-", "proxy-", "content-"]

    /// The headers of a request body's `headers` object; every problem is a 422 naming it.
    static func read(_ value: [String: JSONValue]?, field: String = "headers") throws(PasarelaError) -> [String: String]? {
        guard let value else { return nil }
        var headers: [String: String] = [:]
        for (name, entry) in value {
            guard let text = entry.stringValue else { throw PasarelaError(.invalidRequest, "\(field).\(name): must be a string") }
            headers[name] = text
        }
        try check(headers, field: field)
        return headers
    }

    /// Refuses reserved or malformed names, values with line breaks or control characters, and too many.
    static func check(_ headers: [String: String], field: String = "headers") throws(PasarelaError) {
        guard headers.count <= maximumCount else { throw PasarelaError(.invalidRequest, "\(field): at most \(maximumCount) headers") }
        let names = headers.keys.map { $0.lowercased() }
        if Set(names).count != names.count { throw PasarelaError(.invalidRequest, "\(field): a name is given twice") }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            let lower = name.lowercased()
            guard !name.isEmpty, name.utf8.count <= maximumNameLength, name.utf8.allSatisfy(isTokenByte) else {
                throw PasarelaError(.invalidRequest, "\(field).\(name): not a header name (letters, digits and !#$%&'*+-.^_`|~, at most \(maximumNameLength))")
            }
            guard !reservedNames.contains(lower), !reservedPrefixes.contains(where: lower.hasPrefix) else {
                throw PasarelaError(.invalidRequest, "\(field).\(name): is set by the host and cannot be replaced")
            }
            guard value.utf8.count <= maximumValueLength, value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw PasarelaError(.invalidRequest, "\(field).\(name): the value must be at most \(maximumValueLength) bytes without control characters")
            }
        }
    }

    /// `base` with `custom` added; a custom header replaces a base one of the same name (`User-Agent`).
    static func merged(_ base: [(name: String, value: String)], _ custom: [String: String]) -> [(name: String, value: String)] {
        let replaced = Set(custom.keys.map { $0.lowercased() })
        return base.filter { !replaced.contains($0.name.lowercased()) } + custom.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// RFC 9110's `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
