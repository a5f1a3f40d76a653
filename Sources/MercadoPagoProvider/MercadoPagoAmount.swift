import PasarelaKit

/// MercadoPago amounts are JSON numbers in major units (`transaction_amount: 100.5`); they are
/// written and read here from and to exact minor units, never through a floating-point value.
enum MercadoPagoAmount {
    /// `100.50 ARS` → the JSON number `100.5`; `100.00` → `100`.
    static func json(_ money: Money) -> JSONValue {
        var text = money.decimalString
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return .number(text)
    }

    /// A JSON number in major units as minor units of `currency`; `nil` when it is not a number
    /// or has more decimals than the currency allows.
    static func minor(_ value: JSONValue?, currency: Currency) -> Int64? {
        guard let text = value?.numberText else { return nil }
        return try? Money(decimal: text, currency: currency).minor
    }
}
