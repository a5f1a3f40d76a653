/// The `key=value` pairs of a comma-separated signature header: Stripe's `t=…,v1=…`
/// (``TimestampedHMACHeader``) and MercadoPago's `ts=…,v1=…`.
///
/// Split on the bytes `,` and `=`, never on `Character`s: Swift joins a combining mark to the
/// character before it, so `",\u{301}"` is one `Character` that is not `","`, and a header whose
/// next part began with one would glue that part to the genuine signature before it. Spaces and
/// tabs around keys and values are trimmed; a part with nothing before or after its first `=`,
/// or without one, is skipped.
///
/// ```swift
/// SignatureHeaderFields.parse("t=1700000000, v1=ab,v0=cd")   // [("t", "1700000000"), ("v1", "ab"), ("v0", "cd")]
/// ```
package enum SignatureHeaderFields {
    package static func parse(_ header: String) -> [(key: String, value: String)] {
        header.utf8.split(separator: UInt8(ascii: ",")).compactMap { part in
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let key = part[..<equals]
            let value = part[part.index(after: equals)...]
            guard !key.isEmpty, !value.isEmpty else { return nil }
            // Whole UTF-8 on both sides: it was cut at ASCII bytes.
            return (key.trimmingOptionalWhitespace, value.trimmingOptionalWhitespace)
        }
    }
}
