extension BidirectionalCollection where Element == UInt8 {
    /// The UTF-8 text without the spaces and tabs around it: what HTTP allows around a header
    /// value (RFC 9110 §5.6.3). Byte by byte: Foundation's `trimmingCharacters(in:)` cost more
    /// than a webhook's HMAC on the ingest path.
    package var trimmingOptionalWhitespace: String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(decoding: self[first...last], as: UTF8.self)
    }
}
