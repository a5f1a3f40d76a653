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
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stripe_signatures.py").path

    /// Whether `python3` can import `stripe`; CI installs it, so there a missing library is a failure.
    static var available: Bool {
        ProcessInfo.processInfo.environment["CI"] != nil || ((try? run(#"{"payload": ""}"#)) != nil)
    }

    /// Sends `input` (JSON) to the script and returns its parsed output.
    static func run(_ input: String) throws -> JSONValue {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PasarelaError(.configuration, "stripe_signatures.py exited with \(process.terminationStatus)")
        }
        return try JSONValue.parse(Array(data))
    }
}
