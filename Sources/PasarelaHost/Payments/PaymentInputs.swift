import PasarelaKit

/// A validated `POST /payments` body.
struct CreatePaymentInput: Sendable {
    var amount: Money
    var instance: String?
    var description: String?
    var metadata: [String: String]
    var customer: Customer?
    var paymentMethod: JSONValue?
    /// Set for a hosted checkout (never together with ``paymentMethod``).
    var checkout: CheckoutInput?

    /// Reads and checks the body; every problem is a 422 that names the field.
    init(json body: JSONValue) throws(PasarelaError) {
        let reader = try FieldReader(
            body, allowed: ["amount", "currency", "provider", "description", "metadata", "customer", "payment_method", "checkout"])
        let currency = try reader.currency()
        guard let amountValue = body["amount"] else { throw PasarelaError(.invalidRequest, "amount: is required") }
        amount = try FieldReader.money(amountValue, field: "amount", currency: currency)
        guard amount.minor > 0 else { throw PasarelaError(.invalidRequest, "amount: must be greater than zero") }
        instance = try reader.optionalString("provider")
        description = try reader.optionalString("description")
        metadata = try reader.metadata()
        if let customerValue = body["customer"], !customerValue.isNull {
            guard customerValue.objectValue != nil else {
                throw PasarelaError(.invalidRequest, "customer: must be an object with email and name")
            }
            let nested = try FieldReader(customerValue, allowed: ["email", "name"], prefix: "customer.")
            let email = try nested.optionalString("email")
            if let email, !email.contains("@") {
                throw PasarelaError(.invalidRequest, "customer.email: '\(email)' is not an email address")
            }
            let name = try nested.optionalString("name")
            customer = email == nil && name == nil ? nil : Customer(email: email, name: name)
        }
        if let method = body["payment_method"], !method.isNull {
            guard method.objectValue != nil else {
                throw PasarelaError(.invalidRequest, "payment_method: must be an object")
            }
            paymentMethod = method
        }
        if let checkoutValue = body["checkout"], !checkoutValue.isNull {
            guard paymentMethod == nil else {
                throw PasarelaError(.invalidRequest, "checkout: cannot be combined with payment_method (the customer chooses on the page)")
            }
            checkout = try CheckoutInput(json: checkoutValue, amount: amount)
        }
    }
}

/// A validated `POST /payments/{id}/refunds` body.
struct RefundInput: Sendable {
    /// `nil` refunds what remains.
    var amount: JSONValue?
    var currencyCode: String?
    var reason: String?
    /// Handed to the module, which documents its keys (the mock's `mock_outcome`).
    var metadata: [String: String]

    init(json body: JSONValue) throws(PasarelaError) {
        let reader = try FieldReader(body, allowed: ["amount", "currency", "reason", "metadata"])
        amount = body["amount"].flatMap { $0.isNull ? nil : $0 }
        currencyCode = try reader.optionalString("currency")
        reason = try reader.optionalString("reason")
        metadata = try reader.metadata()
    }

    /// The amount to refund of `payment`, checked against what remains once `pendingMinor`
    /// (refunds the provider has not settled yet) is set aside.
    func amount(for payment: Payment, pendingMinor: Int64) throws(PasarelaError) -> Money {
        let currency = payment.amount.currency
        let refundable = payment.refundableMinor - pendingMinor
        if let currencyCode, currencyCode.uppercased() != currency.code {
            throw PasarelaError(.invalidRequest, "currency: the payment is in \(currency.code), not \(currencyCode)")
        }
        guard let amount else {
            guard refundable > 0 else {
                throw PasarelaError(.invalidRequest, "amount: nothing remains to refund while earlier refunds are pending")
            }
            return Money(minor: refundable, currency: currency)
        }
        let money = try FieldReader.money(amount, field: "amount", currency: currency)
        guard money.minor > 0 else { throw PasarelaError(.invalidRequest, "amount: must be greater than zero") }
        guard money.minor <= refundable else {
            let remaining = Money(minor: refundable, currency: currency)
            throw PasarelaError(.invalidRequest, "amount: \(money) exceeds what remains to refund (\(remaining))")
        }
        return money
    }
}

extension FieldReader {
    /// The payment `metadata`: at most 50 string values.
    func metadata() throws(PasarelaError) -> [String: String] {
        guard let value = body["metadata"], !value.isNull else { return [:] }
        guard let members = value.objectValue else {
            throw PasarelaError(.invalidRequest, "metadata: must be an object of strings")
        }
        guard members.count <= 50 else { throw PasarelaError(.invalidRequest, "metadata: at most 50 keys") }
        var metadata: [String: String] = [:]
        for (key, entry) in members {
            guard let text = entry.stringValue else {
                throw PasarelaError(.invalidRequest, "metadata.\(key): must be a string, not \(entry.typeName)")
            }
            try Self.refuseControlCharacters(key + text, field: "metadata.\(key)")
            guard key.count <= 40, text.count <= 500 else {
                throw PasarelaError(.invalidRequest, "metadata.\(key): keys are at most 40 and values 500 characters")
            }
            metadata[key] = text
        }
        return metadata
    }
}
