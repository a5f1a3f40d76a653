import PasarelaKit

/// Converts between Pasarela's ISO 4217 minor units and the integer `amount` Stripe expects.
///
/// Stripe's rules: zero-decimal currencies (BIF, CLP, DJF, GNF, JPY, KMF, KRW, MGA, PYG, RWF,
/// UGX, VND, VUV, XAF, XOF, XPF) take whole units; ISK takes two decimals that must be `00`;
/// three-decimal currencies (BHD, JOD, KWD, OMR, TND) take thousandths whose last digit must be
/// `0`; every other currency takes its ISO minor unit. An amount Stripe cannot represent exactly
/// is refused (HTTP 422), never rounded.
///
/// ```swift
/// try StripeAmount.stripeAmount(for: Money(minor: 1099, currency: .usd))   // 1099
/// try StripeAmount.stripeAmount(for: Money(minor: 5120, currency: .kwd))   // 5120
/// try StripeAmount.stripeAmount(for: Money(minor: 5124, currency: .kwd))   // throws
/// ```
public enum StripeAmount {
    static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    static let threeDecimal: Set<String> = ["BHD", "JOD", "KWD", "OMR", "TND"]
    /// Zero-decimal in ISO terms but sent with two decimals (always `00`) for backwards compatibility.
    static let twoDecimalZeroCents: Set<String> = ["ISK"]

    /// How many decimals Stripe's `amount` has for `currency`.
    public static func decimals(for currency: Currency) -> Int {
        if zeroDecimal.contains(currency.code) { return 0 }
        if twoDecimalZeroCents.contains(currency.code) { return 2 }
        if threeDecimal.contains(currency.code) { return 3 }
        return currency.exponent
    }

    /// Stripe's `amount` for `money`; throws ``PasarelaError/Code/invalidRequest`` when Stripe
    /// cannot charge it exactly.
    public static func stripeAmount(for money: Money) throws(PasarelaError) -> Int64 {
        let shift = decimals(for: money.currency) - money.currency.exponent
        var amount = money.minor
        if shift > 0 {
            let (scaled, overflow) = amount.multipliedReportingOverflow(by: power(shift))
            guard !overflow else { throw PasarelaError(.invalidRequest, "amount \(money) is too large for Stripe") }
            amount = scaled
        } else if shift < 0 {
            guard amount % power(-shift) == 0 else {
                throw PasarelaError(
                    .invalidRequest, "Stripe charges \(money.currency.code) in whole units only; \(money.decimalString) is not")
            }
            amount /= power(-shift)
        }
        if threeDecimal.contains(money.currency.code), amount % 10 != 0 {
            throw PasarelaError(
                .invalidRequest,
                "Stripe needs \(money.currency.code) amounts to end in 0 (a multiple of 0.010); \(money.decimalString) does not")
        }
        return amount
    }

    /// Pasarela's ``Money`` for an `amount` Stripe reports in `currency`.
    public static func money(stripeAmount amount: Int64, currency: Currency) -> Money {
        let shift = decimals(for: currency) - currency.exponent
        if shift > 0 { return Money(minor: amount / power(shift), currency: currency) }
        if shift < 0 { return Money(minor: amount &* power(-shift), currency: currency) }
        return Money(minor: amount, currency: currency)
    }

    private static func power(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}
