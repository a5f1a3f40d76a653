import Foundation

/// What the host asks a provider for when a shop sends its customer to a hosted checkout: a page,
/// served by the provider (or by the module's own routes), where the customer pays.
///
/// - Since: ADK 2.1.
public struct CheckoutRequest: Sendable {
    /// The host's payment id (`pay_…`); providers should attach it (reference, metadata).
    public var paymentID: String
    /// What the customer pays, all items together.
    public var amount: Money
    /// The shop's description of the payment.
    public var description: String?
    /// The payment's metadata, to pass on where the provider keeps some.
    public var metadata: [String: String]
    /// Who pays, when the shop said.
    public var customer: Customer?
    /// What is bought; empty when the shop gave no items (then ``amount`` is one item).
    public var lineItems: [CheckoutLineItem]
    /// Where the customer lands after paying, with `payment_id` already in its query.
    public var successURL: String
    /// Where the customer lands after declining or leaving, with `payment_id` already in its query.
    public var cancelURL: String
    /// When the checkout stops accepting the customer.
    public var expiresAt: Date
    /// The absolute URL under which the host mounts this instance's ``PaymentProvider/routes``
    /// (`{server.public_url}/checkout/{instance}`), for modules that serve the page themselves.
    public var routesURL: String
    /// The absolute URL of this instance's provider webhook route, for providers told per checkout
    /// where to send their notifications.
    public var webhookURL: String
    /// A key that makes a retried call idempotent at the provider.
    public var idempotencyKey: String

    /// A checkout request; the host builds these, tests and the conformance kit too.
    public init(
        paymentID: String, amount: Money, description: String? = nil, metadata: [String: String] = [:], customer: Customer? = nil,
        lineItems: [CheckoutLineItem] = [], successURL: String, cancelURL: String, expiresAt: Date, routesURL: String,
        webhookURL: String, idempotencyKey: String
    ) {
        self.paymentID = paymentID
        self.amount = amount
        self.description = description
        self.metadata = metadata
        self.customer = customer
        self.lineItems = lineItems
        self.successURL = successURL
        self.cancelURL = cancelURL
        self.expiresAt = expiresAt
        self.routesURL = routesURL
        self.webhookURL = webhookURL
        self.idempotencyKey = idempotencyKey
    }
}

extension CheckoutRequest {
    /// The line items to show or send: ``lineItems``, or, when the shop gave none, one item of the
    /// whole amount named by the description (else `Payment {paymentID}`).
    ///
    /// - Since: ADK 2.1.
    public var itemsOrWholeAmount: [CheckoutLineItem] {
        guard lineItems.isEmpty else { return lineItems }
        return [CheckoutLineItem(name: description ?? "Payment \(paymentID)", quantity: 1, unitAmount: amount)]
    }
}

/// One item of a checkout; the items of a ``CheckoutRequest`` add up to its amount.
///
/// - Since: ADK 2.1.
public struct CheckoutLineItem: Hashable, Sendable {
    /// What the item is, as the customer reads it.
    public var name: String
    /// How many, at least 1.
    public var quantity: Int
    /// The price of one, in the payment's currency.
    public var unitAmount: Money

    /// `quantity` of `name` at `unitAmount` each.
    public init(name: String, quantity: Int, unitAmount: Money) {
        self.name = name
        self.quantity = quantity
        self.unitAmount = unitAmount
    }

    /// `quantity × unitAmount`, in minor units; `nil` when it overflows.
    public var totalMinor: Int64? {
        let (product, overflow) = unitAmount.minor.multipliedReportingOverflow(by: Int64(quantity))
        return overflow ? nil : product
    }
}

/// A hosted checkout a provider opened: the payment as it stands (normally `requires_action`) and
/// where to send the customer.
///
/// - Since: ADK 2.1.
public struct HostedCheckout: Hashable, Sendable {
    /// The payment at the provider; its ``ProviderPayment/providerPaymentID`` is the id its
    /// webhooks and ``PaymentProvider/fetchPayment(providerPaymentID:)`` use.
    public var payment: ProviderPayment
    /// The page's absolute URL.
    public var url: String
    /// When the page stops accepting the customer.
    public var expiresAt: Date

    /// The checkout of `payment`, at `url` until `expiresAt`.
    public init(payment: ProviderPayment, url: String, expiresAt: Date) {
        self.payment = payment
        self.url = url
        self.expiresAt = expiresAt
    }
}
