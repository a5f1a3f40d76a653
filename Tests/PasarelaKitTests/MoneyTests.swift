import PasarelaKit
import Testing

@Suite("Money and currencies")
struct MoneyTests {
    @Test(
        "decimal major units convert exactly to minor units",
        arguments: [
            ("12.50", "USD", 1250), ("12.5", "USD", 1250), ("19.99", "USD", 1999), ("0.01", "USD", 1),
            ("1000", "JPY", 1000), ("5.125", "KWD", 5125), ("0.001", "BHD", 1), ("1.000", "USD", 100),
            ("1.25e1", "USD", 1250), ("125E-2", "USD", 125), ("100.50", "ARS", 10050), ("0", "USD", 0),
            ("-3.20", "EUR", -320), ("1e00002", "USD", 10000), ("1.0e-0", "JPY", 1), ("92233720368547758.07", "USD", Int64.max), ("12.3400", "KWD", 12340),
        ] as [(String, String, Int64)])
    func converts(text: String, code: String, minor: Int64) throws {
        let money = try Money(decimal: text, currency: Currency(code: code))
        #expect(money.minor == minor)
        #expect(money.currency.code == code)
    }

    @Test(
        "more decimals than the currency has is refused, and says why",
        arguments: [("1.005", "USD"), ("1.5", "JPY"), ("5.1255", "KWD"), ("0.001", "EUR"), ("1e-3", "USD")])
    func refusesExtraPrecision(text: String, code: String) throws {
        let currency = try Currency(code: code)
        #expect(throws: MoneyError.tooPrecise(amount: text, currency: currency)) {
            try Money(decimal: text, currency: currency)
        }
        let message = MoneyError.tooPrecise(amount: text, currency: currency).description
        #expect(message.contains(code))
        #expect(message.contains("precision"))
    }

    @Test("malformed amounts are refused", arguments: ["", "abc", "1.", ".5", "1e", "--1", "1,50", "12.50 ", "+1", "0x10", "1e+"])
    func refusesMalformed(text: String) {
        #expect(throws: MoneyError.malformed(text)) { try Money(decimal: text, currency: .usd) }
    }

    @Test("amounts beyond 64-bit minor units are refused", arguments: ["92233720368547758.08", "1e30", "99999999999999999999"])
    func refusesOverflow(text: String) {
        #expect(throws: MoneyError.outOfRange(text)) { try Money(decimal: text, currency: .usd) }
    }

    @Test("minor units format with the currency's exponent")
    func formats() throws {
        #expect(Money(minor: 1250, currency: .usd).decimalString == "12.50")
        #expect(Money(minor: 5, currency: .usd).decimalString == "0.05")
        #expect(Money(minor: -5, currency: .usd).decimalString == "-0.05")
        #expect(Money(minor: 1000, currency: .jpy).decimalString == "1000")
        #expect(Money(minor: 5, currency: .kwd).decimalString == "0.005")
        #expect(Money(minor: 5125, currency: .kwd).decimalString == "5.125")
        #expect(Money(minor: 0, currency: .usd).decimalString == "0.00")
    }

    @Test("decimal strings round-trip through minor units")
    func roundTrips() throws {
        for currency in [Currency.usd, .jpy, .kwd, try Currency(code: "CLF")] {
            for minor: Int64 in [0, 1, 9, 10, 99, 100, 101, 12345, 1_000_000_007, -42] {
                let money = Money(minor: minor, currency: currency)
                #expect(try Money(decimal: money.decimalString, currency: currency) == money)
            }
        }
    }

    @Test("ISO 4217 exponents: zero-, two- and three-decimal currencies")
    func exponents() throws {
        for code in ["JPY", "KRW", "CLP", "VND", "XOF", "PYG", "ISK", "UGX"] {
            #expect(try Currency(code: code).exponent == 0, "\(code)")
        }
        for code in ["BHD", "JOD", "KWD", "OMR", "TND", "IQD", "LYD"] {
            #expect(try Currency(code: code).exponent == 3, "\(code)")
        }
        for code in ["USD", "EUR", "ARS", "BRL", "MXN", "COP", "PEN", "UYU", "GBP", "HUF"] {
            #expect(try Currency(code: code).exponent == 2, "\(code)")
        }
        #expect(try Currency(code: "usd") == .usd)
        #expect(Currency.all.count > 150)
    }

    @Test("unknown currency codes are refused")
    func unknownCurrency() {
        #expect(throws: MoneyError.unknownCurrency("XYZ")) { try Currency(code: "XYZ") }
        #expect(throws: MoneyError.unknownCurrency("")) { try Currency(code: "") }
    }
}
