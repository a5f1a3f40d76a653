import Foundation
import PasarelaKit
import Synchronization

/// One run of ``ProviderConformance``: builds instances on the kit's clock and log capture,
/// hands out fresh ids, and keeps every error the module threw (for the secrets check).
final class ProviderCheckRun: Sendable {
    let descriptor: ModuleDescriptor
    let fixture: ProviderConformanceFixture
    let clock = FakeClock()
    let logs = LogCapture()
    private let thrown = Mutex<[String]>([])
    private let counter = Mutex(0)
    /// Keeps ids of two runs against one fake apart.
    private let runToken = UUID().uuidString.prefix(8).lowercased()

    init(descriptor: ModuleDescriptor, fixture: ProviderConformanceFixture) {
        self.descriptor = descriptor
        self.fixture = fixture
    }

    var runner: ConformanceRunner { ConformanceRunner(module: descriptor.name) }

    /// The text of every error the module threw so far.
    var thrownErrors: [String] { thrown.withLock { $0 } }

    /// A fresh instance built from the fixture's options, with an empty store; an error the
    /// module's factory throws is kept for the secrets check.
    func provider() throws -> any PaymentProvider {
        let make = try factory()
        return try build(with: make, try ModuleOptions.validate(fixture.options, against: descriptor.options, keyPath: keyPath))
    }

    /// A fresh instance built from `options`, with an empty store; an error the module's factory
    /// throws is kept for the secrets check.
    func provider(options: ModuleOptions) throws -> any PaymentProvider {
        try build(with: try factory(), options)
    }

    private func build(
        with make: @Sendable (ModuleOptions, ModuleContext) throws -> any PaymentProvider, _ options: ModuleOptions
    ) throws -> any PaymentProvider {
        do {
            return try make(options, context())
        } catch {
            keep(error)
            throw error
        }
    }

    private func factory() throws -> @Sendable (ModuleOptions, ModuleContext) throws -> any PaymentProvider {
        guard case .provider(let make) = descriptor.factory else {
            throw ConformanceProblem(message: "expected a payment-provider module, got a \(descriptor.kind) module")
        }
        return make
    }

    /// A context on the fixture's transport, the run's clock and log capture, and an empty store.
    private func context() -> ModuleContext {
        ModuleContext(
            instanceName: descriptor.name, transport: fixture.transport, store: InMemoryModuleStore(), clock: clock,
            logger: logs.logger(label: "pasarela.conformance.\(descriptor.name)"))
    }

    /// Where the instance's options sit, for messages: `payments.instances.stripe`.
    var keyPath: String { "payments.instances.\(descriptor.name)" }

    /// `pay_cf1a2b3c4d_7`: unique within the run and across runs.
    func nextID(_ prefix: String) -> String {
        let number = counter.withLock { count in
            count += 1
            return count
        }
        return "\(prefix)_cf\(runToken)_\(number)"
    }

    /// What `operation` returned or threw; a thrown error is kept for the secrets check.
    func attempt<Value>(_ operation: () async throws -> Value) async -> Result<Value, any Error> {
        let result = await ConformanceRunner.attempt(operation)
        if case .failure(let error) = result { keep(error) }
        return result
    }

    /// Keeps the text of `error`, which the module threw, for the secrets check.
    private func keep(_ error: any Error) {
        thrown.withLock { $0.append(String(reflecting: error)) }
    }

    /// What `operation` returned; when it throws, ends the check with `expected <what> to work, got <error>`.
    func expectSuccess<Value>(_ what: String, _ operation: () async throws -> Value) async throws -> Value {
        switch await attempt(operation) {
        case .success(let value): return value
        case .failure(let error): throw ConformanceProblem(message: "expected \(what) to work, got \(ConformanceRunner.describe(error))")
        }
    }

    // MARK: - Payments

    /// The currency most checks use: the first two-decimal one the module takes, else its first.
    func primaryCurrency() throws -> Currency {
        guard let currency = fixture.currencies.first(where: { $0.exponent == 2 }) ?? fixture.currencies.first else {
            throw ConformanceProblem(message: "expected the fixture to name a currency the module takes, it names none")
        }
        return currency
    }

    /// 1234 in the currency's largest unit that keeps four digits: ¥1234, $12.34, 12.340 KWD.
    static func amount(in currency: Currency) -> Money {
        Money(minor: 1234 * (0..<max(currency.exponent - 2, 0)).reduce(1) { value, _ in value * 10 }, currency: currency)
    }

    /// A new create request for `amount` with the fixture's payment method and metadata.
    func createRequest(_ amount: Money) -> CreatePaymentRequest {
        CreatePaymentRequest(
            paymentID: nextID("pay"), amount: amount, description: "conformance", metadata: fixture.metadata,
            paymentMethod: fixture.paymentMethod, idempotencyKey: nextID("key"))
    }

    /// Creates a payment of `amount` that must succeed, as the fixture promises.
    func createSucceeded(with provider: any PaymentProvider, _ amount: Money) async throws -> ProviderPayment {
        let payment = try await expectSuccess("creating a payment of \(amount)") { try await provider.createPayment(createRequest(amount)) }
        guard payment.status == .succeeded else {
            throw ConformanceProblem(
                message: "expected the fixture's payment of \(amount) to succeed, got \(payment.status.rawValue)"
                    + (payment.failureCode.map { " (\($0))" } ?? ""))
        }
        return payment
    }

    /// The host's record of `payment`, for refunds and cancels.
    func hostPayment(_ payment: ProviderPayment, amount: Money, refundedMinor: Int64 = 0) -> Payment {
        Payment(
            id: nextID("pay"), instance: descriptor.name, providerPaymentID: payment.providerPaymentID, status: payment.status,
            amount: amount, refundedMinor: refundedMinor, providerStatus: payment.providerStatus, createdAt: clock.now(),
            updatedAt: clock.now())
    }
}
