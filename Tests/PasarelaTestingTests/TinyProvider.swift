import Foundation
import PasarelaKit

/// A tiny payment provider for the kit's own tests: well behaved, unless given flaws the kit must catch.
struct TinyProvider: PaymentProvider {
    /// What a broken tiny provider gets wrong.
    struct Flaws: OptionSet, Sendable {
        let rawValue: Int
        /// Ignores idempotency keys: every create is a new charge.
        static let doubleCharges = Flaws(rawValue: 1 << 0)
        /// Checks a webhook's timestamp but not its HMAC.
        static let skipsWebhookMAC = Flaws(rawValue: 1 << 1)
        /// Logs its API key.
        static let logsSecret = Flaws(rawValue: 1 << 2)
        /// Cancel, which it does not declare, throws `invalid_request`.
        static let cancelRefusesWrongly = Flaws(rawValue: 1 << 3)
        /// Cancel, which it does not declare, pretends to work.
        static let cancelFakesSuccess = Flaws(rawValue: 1 << 4)
        /// Charges zero-decimal amounts as if they were cents.
        static let scalesYenAsCents = Flaws(rawValue: 1 << 5)
        /// Refunds whatever it is asked to.
        static let refundsBeyondRemaining = Flaws(rawValue: 1 << 6)
        /// Takes currencies it says it refuses.
        static let takesEveryCurrency = Flaws(rawValue: 1 << 7)
        /// Builds without its required API key.
        static let buildsWithoutKey = Flaws(rawValue: 1 << 8)
        /// Accepts a webhook that carries no signature header.
        static let acceptsUnsigned = Flaws(rawValue: 1 << 9)
        /// Checks a webhook's HMAC but not how old its timestamp is.
        static let acceptsStale = Flaws(rawValue: 1 << 10)
        /// Throws on a webhook of a status it does not know instead of ignoring it.
        static let throwsOnUnknownType = Flaws(rawValue: 1 << 11)
        /// Names its API key in the error refusing a refund beyond what remains.
        static let secretInError = Flaws(rawValue: 1 << 12)
        /// Its factory's error for a missing API key quotes the webhook secret it was given.
        static let secretInFactoryError = Flaws(rawValue: 1 << 13)
        /// Opens checkouts already paid.
        static let checkoutAlreadyPaid = Flaws(rawValue: 1 << 14)
        /// Keeps every checkout open for a day, whatever is asked.
        static let checkoutIgnoresExpiry = Flaws(rawValue: 1 << 15)
        /// Answers a page path, not an absolute URL.
        static let checkoutRelativeURL = Flaws(rawValue: 1 << 16)
        /// Opens a new checkout for a repeated idempotency key.
        static let checkoutTwice = Flaws(rawValue: 1 << 17)
    }

    static let signature = TimestampedHMACHeader(name: "Tiny-Signature")
    static let takenCurrencies: Set<String> = ["JPY", "USD", "EUR"]

    let apiKey: String
    let webhookSecret: String
    let flaws: Flaws
    let ledger: TinyLedger
    let context: ModuleContext

    var moduleName: String { "tiny" }
    var capabilities: ProviderCapabilities { [.create, .fetch, .refund, .partialRefund, .webhooks, .hostedCheckout] }

    /// The module, with `flaws`, charging into `ledger`.
    static func descriptor(flaws: Flaws = [], ledger: TinyLedger = TinyLedger()) -> ModuleDescriptor {
        ModuleDescriptor(
            name: "tiny", version: "1.0.0", summary: "A tiny provider for the conformance kit's tests",
            options: [
                OptionSpec(name: "api_key", type: .string, required: true, secret: true),
                OptionSpec(name: "webhook_secret", type: .string, secret: true),
            ],
            factory: .provider { options, context in
                guard let apiKey = options.string("api_key") ?? (flaws.contains(.buildsWithoutKey) ? "" : nil) else {
                    let given = flaws.contains(.secretInFactoryError) ? " (given webhook_secret \(options.string("webhook_secret") ?? ""))" : ""
                    throw PasarelaError(.configuration, "api_key: required option is missing" + given)
                }
                return TinyProvider(
                    apiKey: apiKey, webhookSecret: options.string("webhook_secret") ?? "", flaws: flaws, ledger: ledger, context: context)
            })
    }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        context.logger.debug(
            "calling the tiny API\(flaws.contains(.logsSecret) ? " with \(apiKey)" : "")", metadata: ["payment": "\(request.paymentID)"])
        let currency = request.amount.currency
        guard Self.takenCurrencies.contains(currency.code) || flaws.contains(.takesEveryCurrency) else {
            throw PasarelaError(.invalidRequest, "tiny takes no \(currency.code)")
        }
        let minor = flaws.contains(.scalesYenAsCents) && currency.exponent == 0 ? request.amount.minor * 100 : request.amount.minor
        let id = ledger.charge(
            Money(minor: minor, currency: currency), idempotencyKey: flaws.contains(.doubleCharges) ? nil : request.idempotencyKey)
        return ProviderPayment(providerPaymentID: id, status: .succeeded, providerStatus: "paid")
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        guard let charge = ledger.charge(providerPaymentID) else { throw PasarelaError(.notFound, "no charge \(providerPaymentID)") }
        if charge.awaitsCustomer { return ProviderPayment(providerPaymentID: providerPaymentID, status: .requiresAction, providerStatus: "open") }
        let status: PaymentStatus =
            charge.refundedMinor == 0 ? .succeeded : charge.refundedMinor < charge.amount.minor ? .partiallyRefunded : .refunded
        return ProviderPayment(
            providerPaymentID: providerPaymentID, status: status, providerStatus: status.rawValue, refundedMinor: charge.refundedMinor)
    }

    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        let id = request.payment.providerPaymentID
        guard let charge = ledger.charge(id) else { throw PasarelaError(.notFound, "no charge \(id)") }
        guard flaws.contains(.refundsBeyondRemaining) || request.amount.minor <= charge.amount.minor - charge.refundedMinor else {
            throw PasarelaError(
                .invalidRequest, "the refund exceeds what remains of \(id)" + (flaws.contains(.secretInError) ? " (account \(apiKey))" : ""))
        }
        ledger.refund(id, minor: request.amount.minor)
        return ProviderRefund(providerRefundID: "tiny_re_\(request.refundID)", status: .succeeded)
    }

    func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment {
        if flaws.contains(.cancelRefusesWrongly) { throw PasarelaError(.invalidRequest, "tiny cannot cancel this payment") }
        if flaws.contains(.cancelFakesSuccess) {
            return ProviderPayment(providerPaymentID: request.payment.providerPaymentID, status: .canceled, providerStatus: "canceled")
        }
        throw PasarelaError.unsupported("cancellation", module: moduleName)
    }

    func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent] {
        let header = request.header(Self.signature.name)
        // The header's `t=`, which the flawed checks below trust.
        let timestamp = header.flatMap { $0.split(separator: ",").first }.flatMap { Int($0.dropFirst(2)) } ?? 0
        if flaws.contains(.skipsWebhookMAC) {
            // Signs the body itself, so only a missing header or a stale timestamp is refused.
            try Self.signature.verify(
                header: header.map { _ in Self.signature.header(body: request.body, secret: webhookSecret, timestamp: timestamp) },
                body: request.body, secrets: [webhookSecret], now: context.clock.now())
        } else if header == nil, flaws.contains(.acceptsUnsigned) {
            // Takes an unsigned webhook at its word.
        } else {
            // A stale signature is checked as of when it says it was made.
            let now = flaws.contains(.acceptsStale) ? Date(timeIntervalSince1970: TimeInterval(timestamp)) : context.clock.now()
            try Self.signature.verify(header: header, body: request.body, secrets: [webhookSecret], now: now)
        }
        let body = try JSONValue.parse(request.body)
        guard let id = body["id"]?.stringValue, let payment = body["payment"]?.stringValue, let statusText = body["status"]?.stringValue
        else { return [] }
        guard let status = PaymentStatus(rawValue: statusText) else {
            if flaws.contains(.throwsOnUnknownType) { throw PasarelaError(.invalidRequest, "tiny knows no status \(statusText)") }
            return []
        }
        return [
            NormalizedEvent(
                id: id, type: status.eventType,
                payment: ProviderPayment(providerPaymentID: payment, status: status, providerStatus: status.rawValue),
                occurredAt: context.clock.now())
        ]
    }
}
