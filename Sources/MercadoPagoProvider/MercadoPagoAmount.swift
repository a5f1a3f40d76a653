import PasarelaKit

/// MercadoPago amounts are JSON numbers in major units (`transaction_amount: 100.5`); they are
/// written and read here from and to exact minor units, never through a floating-point value.
/// `package` so that the fuzz targets (Fuzz/) can reach it.
package enum MercadoPagoAmount {
    /// The currencies MercadoPago charges in, one per country it operates in: an account charges
    /// in its country's, whatever the request says, so any other currency is refused up front.
    package static let currencies: Set<String> = ["ARS", "BRL", "CLP", "COP", "MXN", "PEN", "UYU"]

    /// `100.50 ARS` → the JSON number `100.5`; `100.00` → `100`. A currency MercadoPago does not
    /// charge in is ``PasarelaError/Code/invalidRequest`` (HTTP 422).
    package static func json(_ money: Money) throws(PasarelaError) -> JSONValue {
        guard currencies.contains(money.currency.code) else {
            throw PasarelaError(
                .invalidRequest,
                "MercadoPago does not charge in \(money.currency.code) (it takes \(currencies.sorted().joined(separator: ", ")))")
        }
        var text = money.decimalString
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return .number(text)
    }

    /// A JSON number in major units as minor units of `currency`; `nil` when it is not a number
    /// or has more decimals than the currency allows.
    package static func minor(_ value: JSONValue?, currency: Currency) -> Int64? {
        guard let text = value?.numberText else { return nil }
        return try? Money(decimal: text, currency: currency).minor
    }
}
