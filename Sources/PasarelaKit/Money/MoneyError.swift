/// Why an amount or a currency could not be turned into ``Money``.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not a decimal number.
    case malformed(String)
    /// The code is not an ISO 4217 currency.
    case unknownCurrency(String)
    /// The amount has more decimal digits than the currency's minor unit allows.
    case tooPrecise(amount: String, currency: Currency)
    /// The amount does not fit in 64-bit minor units.
    case outOfRange(String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "'\(text)' is not a decimal amount"
        case .unknownCurrency(let code):
            return "'\(code)' is not an ISO 4217 currency code"
        case .tooPrecise(let amount, let currency):
            let digits = currency.exponent == 0 ? "no decimals" : "at most \(currency.exponent) decimal\(currency.exponent == 1 ? "" : "s")"
            return "\(amount) has more precision than \(currency.code) allows (\(digits))"
        case .outOfRange(let text):
            return "\(text) is too large"
        }
    }
}
