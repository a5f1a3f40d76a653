import PasarelaKit

/// Money round-trips and idempotent creates.
extension ProviderConformance {
    /// The currency exponents the fixture must cover, with an example of each.
    private static let coveredExponents: [(exponent: Int, name: String, example: String)] = [
        (0, "zero-decimal", "JPY"), (2, "two-decimal", "USD"), (3, "three-decimal", "KWD"),
    ]

    /// Round-trips an amount in each taken currency and tries each refused one; without the
    /// fixture's `chargedAmount` no amount is verified, so a run without problems is skipped.
    func moneyRoundTrip(_ run: ProviderCheckRun) async throws -> [String] {
        let named = fixture.currencies + fixture.refusedCurrencies
        var problems = Self.coveredExponents.filter { covered in !named.contains { $0.exponent == covered.exponent } }.map {
            "expected the fixture to name a \($0.name) currency (such as \($0.example)), taken or refused; it names none"
        }
        let provider = try run.provider()
        for currency in fixture.currencies {
            problems += try await roundTrip(ProviderCheckRun.amount(in: currency), with: provider, run)
        }
        for currency in fixture.refusedCurrencies {
            let amount = ProviderCheckRun.amount(in: currency)
            let result = await run.attempt { try await provider.createPayment(run.createRequest(amount)) }
            guard !ConformanceRunner.isError(result, .invalidRequest) else { continue }
            problems.append(
                "expected a payment of \(amount), a currency the fixture says the module refuses, to be an invalid_request error, got "
                    + ConformanceRunner.describe(result))
        }
        if problems.isEmpty, fixture.chargedAmount == nil {
            throw ConformanceUnverified(reason: "amounts not verified: the fixture gives no chargedAmount")
        }
        return problems
    }

    /// Creates a payment of `amount`, reads it back and asks the fake what it holds.
    private func roundTrip(_ amount: Money, with provider: any PaymentProvider, _ run: ProviderCheckRun) async throws -> [String] {
        let created: ProviderPayment
        do {
            created = try await run.createSucceeded(with: provider, amount)
        } catch let problem as ConformanceProblem {
            return [problem.message]
        }
        var problems: [String] = []
        let id = created.providerPaymentID
        if provider.capabilities.contains(.fetch) {
            let fetched = try await run.expectSuccess("fetching payment \(id) of \(amount)") {
                try await provider.fetchPayment(providerPaymentID: id)
            }
            if fetched.providerPaymentID != id || fetched.status != created.status {
                problems.append(
                    "expected fetching payment \(id) of \(amount) to give it back \(created.status.rawValue), got "
                        + ConformanceRunner.describe(fetched))
            }
            if let refunded = fetched.refundedMinor, refunded != 0 {
                let total = Money(minor: refunded, currency: amount.currency)
                problems.append("expected a new payment of \(amount) to have nothing refunded, got \(total)")
            }
        }
        if let chargedAmount = fixture.chargedAmount {
            let held = try await chargedAmount(id)
            if held != amount {
                problems.append("expected the provider to hold \(amount) for payment \(id), got \(held.map(\.description) ?? "no payment")")
            }
        }
        return problems
    }

    func idempotentCreate(_ run: ProviderCheckRun) async throws -> [String] {
        let provider = try run.provider()
        let request = run.createRequest(ProviderCheckRun.amount(in: try run.primaryCurrency()))
        let what = "creating a payment with idempotency key \(request.idempotencyKey)"
        let first = try await run.expectSuccess(what) { try await provider.createPayment(request) }
        let second = try await run.expectSuccess(what + " again") { try await provider.createPayment(request) }
        guard first.providerPaymentID == second.providerPaymentID else {
            return ["expected one payment for a repeated idempotency key, got \(first.providerPaymentID) and \(second.providerPaymentID)"]
        }
        return []
    }
}
