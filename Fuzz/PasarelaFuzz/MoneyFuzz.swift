import MercadoPagoProvider
import PasarelaKit
import StripeProvider

/// Decimal amounts in major units (``Money/init(decimal:currency:)``) and the providers' forms.
///
/// Input: one byte choosing the currency (of ``Currency/all``), then the amount's text. Parsing
/// must not crash; a parsed amount must give the same minor units back from its
/// ``Money/decimalString``, from MercadoPago's JSON number and from Stripe's integer amount; and
/// a JSON number must never be refused as malformed, but for an exponent of more than four
/// digits, which ``Money`` documents it does not read.
enum MoneyFuzz {
    static let currencies = Currency.all

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let currency = currencies[Int(input.byte()) % currencies.count]
        let text = String(decoding: input.remainder(), as: UTF8.self)
        let money: Money
        do {
            money = try Money(decimal: text, currency: currency)
        } catch {
            if case .malformed = error, case .number(let number)? = try? JSONValue.parse(text), number == text {
                FuzzProperty.require(exponentDigits(text) > 4, "the JSON number \(text) was refused as malformed")
            }
            return
        }
        let formatted = money.decimalString
        FuzzProperty.require(
            (try? Money(decimal: formatted, currency: currency)) == money, "\(text) → \(formatted) does not parse back to \(money.minor)")
        if MercadoPagoAmount.currencies.contains(currency.code) {
            let json = try? MercadoPagoAmount.json(money)
            FuzzProperty.require(
                MercadoPagoAmount.minor(json, currency: currency) == money.minor, "\(money) → MercadoPago \(String(describing: json))")
        }
        if let amount = try? StripeAmount.stripeAmount(for: money) {
            FuzzProperty.require(
                StripeAmount.money(stripeAmount: amount, currency: currency) == money, "\(money) → Stripe amount \(amount)")
        }
    }

    /// How many significant digits the exponent of a number's text has (0 without one).
    static func exponentDigits(_ text: String) -> Int {
        guard let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return 0 }
        return text[text.index(after: marker)...].drop { !$0.isNumber || $0 == "0" }.count
    }
}
