extension JSONValue {
    /// Compact JSON text (no whitespace), with object keys sorted by code point so the
    /// output is stable. Numbers are written as their stored text; non-ASCII text as UTF-8.
    public func serialized() -> String {
        var output = ""
        write(into: &output, style: .compact)
        return output
    }

    /// The canonical text the seed's Python partners sign: byte for byte what
    /// `json.dumps(json.loads(body), separators=(',', ':'), sort_keys=True)` prints.
    ///
    /// Keys sorted by code point; non-ASCII escaped as `\uXXXX` (surrogate pairs beyond the BMP);
    /// integers exactly as written (any size); numbers with a fraction or exponent printed as
    /// Python's `repr(float)` (`250.0`, `1e-05`, `1e+16`); `/` not escaped.
    public func pythonCanonical() -> String {
        var output = ""
        write(into: &output, style: .python)
        return output
    }

    /// How numbers and strings are written; structure and key order are the same for both.
    enum WritingStyle {
        /// Numbers as written, text as UTF-8.
        case compact
        /// Python's `json.dumps` with `ensure_ascii`: floats as `repr`, non-ASCII escaped.
        case python
    }

    func write(into output: inout String, style: WritingStyle) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += style == .python ? JSONValue.pythonNumber(text) : text
        case .string(let text): JSONValue.writeString(text, into: &output, asciiOnly: style == .python)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                element.write(into: &output, style: style)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (position, key) in keys.enumerated() {
                if position > 0 { output += "," }
                JSONValue.writeString(key, into: &output, asciiOnly: style == .python)
                output += ":"
                members[key]!.write(into: &output, style: style)
            }
            output += "}"
        }
    }

    /// Python reads a JSON number without `.`/`e` as an `int` (kept exactly) and any other as a
    /// `float`, printed as `repr` does: the shortest round-trip digits, in positional form when
    /// the decimal exponent is from -4 to 15 and as `d.ddde+XX` otherwise.
    static func pythonNumber(_ text: String) -> String {
        guard text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            return text == "-0" ? "0" : text
        }
        guard let value = Double(text) else { return text }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return pythonRepr(value)
    }

    /// `repr(float)` of CPython, from the shortest round-trip digits Swift finds.
    static func pythonRepr(_ value: Double) -> String {
        let sign = value.sign == .minus ? "-" : ""
        // Swift's description has the same shortest digits; split it into digits and exponent.
        var text = Substring(value.magnitude.description)
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = text[..<marker]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = integer + fraction
        // The value is 0.DIGITS × 10^point, with point counted from the left of `digits`.
        var point = integer.count + exponent
        let leadingZeros = digits.prefix { $0 == "0" }.count
        if leadingZeros == digits.count { return sign + "0.0" }
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 16 {
            let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : String(digits)
            let magnitude = String(abs(decimalExponent))
            return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + digits
        }
        if point >= digits.count {
            return sign + digits + String(repeating: "0", count: point - digits.count) + ".0"
        }
        return sign + digits.prefix(point) + "." + digits.dropFirst(point)
    }

    /// A JSON string; with `asciiOnly`, everything outside printable ASCII becomes `\uXXXX`.
    private static func writeString(_ text: String, into output: inout String, asciiOnly: Bool) {
        output += "\""
        // Most text (ids, types, names) needs no escape: appended whole, not scalar by scalar.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || (asciiOnly && $0 >= 0x7F) })
        else {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20 || (asciiOnly && scalar.value >= 0x7F):
                if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x10000
                    appendEscape(UInt16(0xD800 + (offset >> 10)), to: &output)
                    appendEscape(UInt16(0xDC00 + (offset & 0x3FF)), to: &output)
                } else {
                    appendEscape(UInt16(scalar.value), to: &output)
                }
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    private static func appendEscape(_ unit: UInt16, to output: inout String) {
        let hex = String(unit, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
