import Foundation
import Logging
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider

/// Builds `stripe` providers for tests.
enum StripeTest {
    static let webhookSecret = "whsec_test_0123456789abcdef"

    /// A provider on `transport`, with fast 429 backoff so retry tests stay quick.
    static func provider(
        apiBase: String = "https://api.stripe.invalid", secretKey: String = "sk_test_fake_4eC39HqLyjWDarjtT1zdp7dc",
        transport: any HTTPTransport = FakeTransport.unreachable(), clock: FakeClock = FakeClock(),
        webhookSecret: String? = StripeTest.webhookSecret, timeout: Duration = .seconds(5), maxNetworkRetries: Int = 2,
        captureMethod: String? = nil, automaticPaymentMethods: Bool? = nil
    ) -> StripePaymentProvider {
        var configuration = StripeConfiguration(
            secretKey: secretKey, webhookSecret: webhookSecret, apiBase: apiBase, timeout: timeout,
            maxNetworkRetries: maxNetworkRetries, captureMethod: captureMethod, automaticPaymentMethods: automaticPaymentMethods)
        configuration.retryBaseDelay = .milliseconds(10)
        var logger = Logger(label: "stripe.test")
        logger.logLevel = .critical
        return StripePaymentProvider(
            configuration: configuration,
            context: .testing(instanceName: "stripe", transport: transport, clock: clock, logger: logger))
    }

    /// A create request for `minor` units of `currency`.
    static func create(
        _ id: String = "pay_1", minor: Int64 = 1099, currency: Currency = .usd, method: JSONValue? = nil,
        metadata: [String: String] = [:], key: String? = nil, description: String? = nil, email: String? = nil
    ) -> CreatePaymentRequest {
        CreatePaymentRequest(
            paymentID: id, amount: Money(minor: minor, currency: currency), description: description, metadata: metadata,
            customer: email.map { Customer(email: $0) }, paymentMethod: method, idempotencyKey: key ?? id)
    }

    /// `{"id": pm, "confirm": true}`.
    static func confirmed(_ paymentMethod: String) -> JSONValue {
        .object(["id": .string(paymentMethod), "confirm": .bool(true)])
    }

    /// Creates a confirmed card payment through `stripe` and refunds all of it, naming the
    /// amount; returns the PaymentIntent's id.
    static func createAndRefundInFull(with stripe: StripePaymentProvider, refundID: String, key: String) async throws -> String {
        let created = try await stripe.createPayment(create(method: confirmed("pm_card_visa")))
        _ = try await stripe.refundPayment(
            RefundRequest(
                refundID: refundID, payment: payment(created.providerPaymentID), amount: Money(minor: 1099, currency: .usd),
                idempotencyKey: key))
        return created.providerPaymentID
    }

    /// A host payment for refunds and cancels.
    static func payment(
        _ providerPaymentID: String, id: String = "pay_1", minor: Int64 = 1099, refunded: Int64 = 0,
        status: PaymentStatus = .succeeded
    ) -> Payment {
        Payment(
            id: id, instance: "stripe", providerPaymentID: providerPaymentID, status: status,
            amount: Money(minor: minor, currency: .usd), refundedMinor: refunded, providerStatus: status.rawValue,
            createdAt: Date(), updatedAt: Date())
    }
}

/// Runs Stripe's own Python library (pip `stripe`) through Fixtures/stripe_signatures.py.
enum StripePython {
    static let fixtures = Python(fixtures: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures"))

    /// Whether the tests that need it run: CI installs `stripe`, so there a missing library is a failure.
    static var available: Bool { Python.has("stripe") || Python.required }

    /// Sends `request` (JSON) to the script and returns its parsed output.
    static func run(_ request: String) async throws -> JSONValue {
        let lines = try await fixtures.script("stripe_signatures.py", [request])
        return try JSONValue.parse(lines.joined(separator: "\n"))
    }
}
