import PasarelaKit
@testable import StripeProvider
import Testing

@Suite("Stripe amounts")
struct StripeAmountTests {
    @Test(
        "minor units become Stripe's amount per its zero- and three-decimal rules",
        arguments: [
            ("USD", 1099, 1099), ("EUR", 1, 1), ("JPY", 500, 500), ("KRW", 1000, 1000), ("KWD", 5120, 5120),
            ("BHD", 10, 10), ("ISK", 5, 500), ("MGA", 300, 3), ("HUF", 1050, 1050),
        ] as [(String, Int64, Int64)])
    func conversions(code: String, minor: Int64, stripe: Int64) throws {
        let currency = try Currency(code: code)
        #expect(try StripeAmount.stripeAmount(for: Money(minor: minor, currency: currency)) == stripe)
        #expect(StripeAmount.money(stripeAmount: stripe, currency: currency).minor == minor)
    }

    @Test(
        "amounts Stripe cannot charge exactly are refused, never rounded",
        arguments: [("KWD", 5124), ("OMR", 1), ("MGA", 150)] as [(String, Int64)])
    func refusals(code: String, minor: Int64) throws {
        let error = #expect(throws: PasarelaError.self) {
            try StripeAmount.stripeAmount(for: Money(minor: minor, currency: try Currency(code: code)))
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test("decimals per Stripe: 0 for its zero-decimal list, 3 for dinars, 2 for ISK")
    func decimals() throws {
        #expect(StripeAmount.decimals(for: .jpy) == 0)
        #expect(StripeAmount.decimals(for: .kwd) == 3)
        #expect(StripeAmount.decimals(for: .usd) == 2)
        #expect(StripeAmount.decimals(for: try Currency(code: "isk")) == 2)
        #expect(StripeAmount.decimals(for: try Currency(code: "mga")) == 0)
    }
}
