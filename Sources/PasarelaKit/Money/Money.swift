/// An exact amount of money: integer minor units plus a currency. Never floating point.
///
/// ```swift
/// let price = try Money(decimal: "12.50", currency: .usd)  // minor == 1250
/// price.decimalString                                      // "12.50"
/// try Money(decimal: "1.005", currency: .usd)              // throws MoneyError.tooPrecise
/// ```
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount in the currency's minor unit (cents for USD, yen for JPY, fils for KWD).
    public let minor: Int64
    /// The currency of the amount.
    public let currency: Currency

    /// Creates an amount from minor units.
    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    /// Converts a decimal amount in major units, exactly.
    ///
    /// Accepts the text of a JSON number or a decimal string: an optional `-`, digits, an
    /// optional fraction and an optional exponent (`12.5`, `"12.50"`, `1.25e1`). Trailing zeros
    /// beyond the currency's exponent are allowed (`"1.000"` USD is 100 cents); any other extra
    /// digit is ``MoneyError/tooPrecise(amount:currency:)``.
    public init(decimal text: String, currency: Currency) throws(MoneyError) {
        let parsed = try DecimalText(text)
        // value = digits × 10^(scale); minor = value × 10^exponent.
        var shift = parsed.scale + currency.exponent
        var digits = parsed.digits
        while shift < 0 {
            guard let last = digits.last else { break }
            guard last == "0" else { throw .tooPrecise(amount: text, currency: currency) }
            digits.removeLast()
            shift += 1
        }
        if digits.isEmpty { digits = "0" }
        guard shift <= 19 else {
            if digits.allSatisfy({ $0 == "0" }) { self.init(minor: 0, currency: currency); return }
            throw .outOfRange(text)
        }
        digits += String(repeating: "0", count: max(shift, 0))
        let trimmed = digits.drop(while: { $0 == "0" })
        guard trimmed.count <= 19, let magnitude = Int64(trimmed.isEmpty ? "0" : String(trimmed)) else {
            throw .outOfRange(text)
        }
        self.init(minor: parsed.negative ? -magnitude : magnitude, currency: currency)
    }

    /// The amount in major units with exactly the currency's number of decimals: `"12.50"`.
    public var decimalString: String {
        let exponent = currency.exponent
        let magnitude = minor.magnitude
        let sign = minor < 0 ? "-" : ""
        guard exponent > 0 else { return sign + String(magnitude) }
        var digits = String(magnitude)
        if digits.count <= exponent {
            digits = String(repeating: "0", count: exponent - digits.count + 1) + digits
        }
        let split = digits.index(digits.endIndex, offsetBy: -exponent)
        return sign + digits[..<split] + "." + digits[split...]
    }

    public var description: String { "\(decimalString) \(currency.code)" }
}

/// A decimal number split into its digits and a power of ten, read from text without rounding.
private struct DecimalText {
    var negative: Bool
    var digits: String
    var scale: Int

    init(_ text: String) throws(MoneyError) {
        let bytes = Array(text.utf8)
        var index = 0
        func digitRun() -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            return bytes[start..<index]
        }
        negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        let integer = digitRun()
        guard !integer.isEmpty else { throw .malformed(text) }
        var fraction: ArraySlice<UInt8> = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digitRun()
            guard !fraction.isEmpty else { throw .malformed(text) }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentDigits = digitRun().drop { $0 == UInt8(ascii: "0") }
            guard index > 0, Self.isDigit(bytes[index - 1]), exponentDigits.count <= 4,
                let value = exponentDigits.isEmpty ? 0 : Int(String(decoding: exponentDigits, as: UTF8.self))
            else { throw .malformed(text) }
            exponent = exponentNegative ? -value : value
        }
        guard index == bytes.count else { throw .malformed(text) }
        digits = String(decoding: integer + fraction, as: UTF8.self)
        scale = exponent - fraction.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
