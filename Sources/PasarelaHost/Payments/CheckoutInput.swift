import PasarelaKit

/// The `checkout` object of a `POST /payments` body: send the customer to a hosted page.
struct CheckoutInput: Sendable {
    var successURL: String
    var cancelURL: String
    var expiresInSeconds: Int
    var lineItems: [CheckoutLineItem]

    static let expiryRange = 60...86_400
    static let defaultExpirySeconds = 1_800
    static let maximumLineItems = 100
    static let maximumURLLength = 2_048

    /// Reads and checks `value` for a payment of `amount`; every problem is a 422 naming the field.
    init(json value: JSONValue, amount: Money) throws(PasarelaError) {
        let reader = try FieldReader(
            value, allowed: ["success_url", "cancel_url", "expires_in_seconds", "line_items"], prefix: "checkout.")
        successURL = try Self.returnURL(reader, "success_url")
        cancelURL = try Self.returnURL(reader, "cancel_url")
        expiresInSeconds = try reader.optionalInteger("expires_in_seconds") ?? Self.defaultExpirySeconds
        guard Self.expiryRange.contains(expiresInSeconds) else {
            throw PasarelaError(
                .invalidRequest,
                "checkout.expires_in_seconds: must be between \(Self.expiryRange.lowerBound) and \(Self.expiryRange.upperBound)")
        }
        lineItems = try Self.lineItems(value["line_items"], currency: amount.currency)
        if !lineItems.isEmpty {
            var total: Int64 = 0
            for item in lineItems {
                let (sum, overflow) = total.addingReportingOverflow(item.totalMinor ?? .max)
                guard item.totalMinor != nil, !overflow else {
                    throw PasarelaError(.invalidRequest, "checkout.line_items: add up to more than can be charged, not the amount \(amount)")
                }
                total = sum
            }
            guard total == amount.minor else {
                throw PasarelaError(
                    .invalidRequest,
                    "checkout.line_items: add up to \(Money(minor: total, currency: amount.currency)), not the amount \(amount)")
            }
        }
    }

    private static func returnURL(_ reader: FieldReader, _ field: String) throws(PasarelaError) -> String {
        let url = try reader.requiredString(field)
        guard url.count <= maximumURLLength, AbsoluteHTTPURL.isValid(url, allowingQuery: true) else {
            throw PasarelaError(.invalidRequest, "checkout.\(field): must be an absolute http or https URL of at most \(maximumURLLength) characters")
        }
        return url
    }

    private static func lineItems(_ value: JSONValue?, currency: Currency) throws(PasarelaError) -> [CheckoutLineItem] {
        guard let value, !value.isNull else { return [] }
        guard let entries = value.arrayValue, !entries.isEmpty, entries.count <= maximumLineItems else {
            throw PasarelaError(.invalidRequest, "checkout.line_items: must be a list of 1 to \(maximumLineItems) items")
        }
        var items: [CheckoutLineItem] = []
        for (index, entry) in entries.enumerated() {
            let prefix = "checkout.line_items[\(index)]."
            let reader = try FieldReader(entry, allowed: ["name", "quantity", "unit_amount"], prefix: prefix)
            let name = try reader.requiredString("name")
            guard name.count <= 200 else { throw PasarelaError(.invalidRequest, "\(prefix)name: at most 200 characters") }
            guard let quantity = try reader.optionalInteger("quantity"), (1...10_000).contains(quantity) else {
                throw PasarelaError(.invalidRequest, "\(prefix)quantity: is required, an integer from 1 to 10000")
            }
            guard let amountValue = entry["unit_amount"] else { throw PasarelaError(.invalidRequest, "\(prefix)unit_amount: is required") }
            let unitAmount = try FieldReader.money(amountValue, field: "\(prefix)unit_amount", currency: currency)
            guard unitAmount.minor > 0 else { throw PasarelaError(.invalidRequest, "\(prefix)unit_amount: must be greater than zero") }
            items.append(CheckoutLineItem(name: name, quantity: quantity, unitAmount: unitAmount))
        }
        return items
    }
}
