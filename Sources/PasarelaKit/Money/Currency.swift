/// An ISO 4217 currency and the number of decimal digits of its minor unit.
///
/// ```swift
/// let yen = try Currency(code: "jpy")   // Currency(code: "JPY", exponent: 0)
/// Currency.usd.exponent                 // 2
/// ```
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The upper-case three-letter ISO 4217 code, such as `USD`.
    public let code: String
    /// How many decimal digits the minor unit has: 0 for JPY, 2 for USD, 3 for KWD.
    public let exponent: Int

    /// Looks a currency up by its ISO 4217 code, in any letter case.
    ///
    /// Throws ``MoneyError/unknownCurrency(_:)`` for a code that is not in ISO 4217.
    public init(code: String) throws(MoneyError) {
        let upper = code.uppercased()
        guard let exponent = Currency.exponents[upper] else { throw .unknownCurrency(code) }
        self.code = upper
        self.exponent = exponent
    }

    public var description: String { code }

    /// US dollar.
    public static let usd = Currency(known: "USD")
    /// Euro.
    public static let eur = Currency(known: "EUR")
    /// Japanese yen (no minor unit).
    public static let jpy = Currency(known: "JPY")
    /// Kuwaiti dinar (three decimals).
    public static let kwd = Currency(known: "KWD")
    /// Argentine peso.
    public static let ars = Currency(known: "ARS")

    /// Every currency Pasarela knows, by code.
    public static var all: [Currency] {
        exponents.keys.sorted().map { Currency(known: $0) }
    }

    private init(known code: String) {
        self.code = code
        self.exponent = Currency.exponents[code]!
    }

    private static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
        "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    private static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
    private static let fourDecimal: Set<String> = ["CLF", "UYW"]
    private static let twoDecimal: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
        "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
        "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
        "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
        "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
        "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR",
        "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
        "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU",
        "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
    ]

    private static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        for code in twoDecimal { table[code] = 2 }
        for code in zeroDecimal { table[code] = 0 }
        for code in threeDecimal { table[code] = 3 }
        for code in fourDecimal { table[code] = 4 }
        return table
    }()
}
