import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Provider conformance")
struct ProviderConformanceTests {
    static let apiKey = "tiny_live_key_3f9a8c7e"
    static let webhookSecret = "tiny_whsec_51b2c4d6"

    /// The tiny provider's fixture, reading charges from `ledger` unless `readsCharges` is false.
    static func fixture(ledger: TinyLedger, refusedCurrencies: [Currency] = [.kwd], readsCharges: Bool = true)
        -> ProviderConformanceFixture
    {
        ProviderConformanceFixture(
            options: ["api_key": .string(apiKey), "webhook_secret": .string(webhookSecret)],
            currencies: [.jpy, .usd], refusedCurrencies: refusedCurrencies,
            chargedAmount: readsCharges ? { @Sendable id in ledger.charge(id)?.amount } : nil,
            webhooks: ProviderWebhookFixture(
                sign: { body, time in
                    .init(headers: [
                        "Tiny-Signature": TinyProvider.signature.header(
                            body: body, secret: webhookSecret, timestamp: Int(time.timeIntervalSince1970))
                    ])
                },
                event: { id in Array(#"{"id":"tevt_1","payment":"\#(id)","status":"succeeded"}"#.utf8) },
                unknownEvent: { id in Array(#"{"id":"tevt_2","payment":"\#(id)","status":"teleported"}"#.utf8) },
                tolerance: 300))
    }

    static func report(flaws: TinyProvider.Flaws = [], refusedCurrencies: [Currency] = [.kwd], readsCharges: Bool = true) async
        -> ConformanceReport
    {
        let ledger = TinyLedger()
        return await ProviderConformance(
            TinyProvider.descriptor(flaws: flaws, ledger: ledger),
            fixture(ledger: ledger, refusedCurrencies: refusedCurrencies, readsCharges: readsCharges)
        ).run()
    }

    @Test("a well-behaved provider passes every check, none skipped")
    func wellBehaved() async throws {
        let report = await Self.report()
        #expect(
            report.results.map(\.check) == [
                .moneyRoundTrip, .idempotentCreate, .refundLimits, .capabilities, .hostedCheckout, .webhookVerification,
                .requiredOptions, .secretsStayOutOfLogs,
            ])
        #expect(report.results.allSatisfy { $0.outcome == .passed }, "\(report)")
        let ledger = TinyLedger()
        try await ProviderConformance(TinyProvider.descriptor(ledger: ledger), Self.fixture(ledger: ledger)).check()
    }

    @Test(
        "each flaw fails its check, and only that one, with a line saying what was expected and what happened",
        arguments: [
            (
                TinyProvider.Flaws.doubleCharges, ConformanceCheck.idempotentCreate,
                "tiny: idempotent create: expected one payment for a repeated idempotency key, got tiny_3 and tiny_4"
            ),
            (
                .skipsWebhookMAC, .webhookVerification,
                "tiny: webhook verification: expected a webhook with the body changed after signing to be refused as invalid_signature, got no events"
            ),
            (
                .logsSecret, .secretsStayOutOfLogs,
                "got api_key's value in a debug log line: calling the tiny API with <api_key> payment=pay_cf"
            ),
            (
                .cancelRefusesWrongly, .capabilities,
                "tiny: capabilities: expected cancel, which the capabilities leave out, to throw unsupported_operation, "
                    + "got error invalid_request: tiny cannot cancel this payment"
            ),
            (.cancelFakesSuccess, .capabilities, "to throw unsupported_operation, got payment tiny_"),
            (
                .scalesYenAsCents, .moneyRoundTrip,
                "tiny: money round-trip: expected the provider to hold 1234 JPY for payment tiny_1, got 123400 JPY"
            ),
            (
                .refundsBeyondRemaining, .refundLimits,
                "tiny: refund limits: expected a refund of 12.35 USD on a payment of 12.34 USD with 0.00 USD refunded to be refused with a 4xx error, got refund tiny_re_"
            ),
            (
                .takesEveryCurrency, .moneyRoundTrip,
                "tiny: money round-trip: expected a payment of 12.340 KWD, a currency the fixture says the module refuses, to be an invalid_request error, got payment tiny_3 (succeeded)"
            ),
            (
                .buildsWithoutKey, .requiredOptions,
                "tiny: required options: expected the module to refuse building an instance without api_key, naming it, got an instance"
            ),
            (
                .acceptsUnsigned, .webhookVerification,
                "tiny: webhook verification: expected a webhook without its signature to be refused as invalid_signature, "
                    + "got 1 event(s) (payment.succeeded)"
            ),
            (
                .acceptsStale, .webhookVerification,
                "tiny: webhook verification: expected a webhook signed 360 s ago (tolerance 300 s) to be refused as invalid_signature, "
                    + "got 1 event(s) (payment.succeeded)"
            ),
            (
                .acceptsStale, .webhookVerification,
                "tiny: webhook verification: expected a webhook signed 360 s ahead (tolerance 300 s) to be refused as invalid_signature, "
                    + "got 1 event(s) (payment.succeeded)"
            ),
            (
                .throwsOnUnknownType, .webhookVerification,
                "tiny: webhook verification: expected a validly signed webhook of an unknown event type to be acknowledged with no events, "
                    + "got error invalid_request: tiny knows no status teleported"
            ),
            (
                .secretInError, .secretsStayOutOfLogs,
                "tiny: secrets stay out of logs: expected no secret in logs or errors, got api_key's value in an error: "
                    + "invalid_request: the refund exceeds what remains of tiny_4 (account <api_key>)"
            ),
            (
                .secretInFactoryError, .secretsStayOutOfLogs,
                "tiny: secrets stay out of logs: expected no secret in logs or errors, got webhook_secret's value in an error: "
                    + "configuration_error: api_key: required option is missing (given webhook_secret <webhook_secret>)"
            ),
            (
                .checkoutAlreadyPaid, .hostedCheckout,
                "tiny: hosted checkout: expected a new checkout's payment to be requires_action, got succeeded"
            ),
            (.checkoutIgnoresExpiry, .hostedCheckout, "tiny: hosted checkout: expected the checkout to expire at "),
            (
                .checkoutRelativeURL, .hostedCheckout,
                "tiny: hosted checkout: expected the checkout's page to be an absolute http(s) URL, got '/pay/tiny_"
            ),
            (
                .checkoutTwice, .hostedCheckout,
                "tiny: hosted checkout: expected one checkout for a repeated idempotency key, got tiny_"
            ),
        ] as [(TinyProvider.Flaws, ConformanceCheck, String)])
    func flaw(flaws: TinyProvider.Flaws, check: ConformanceCheck, line: String) async throws {
        let report = await Self.report(flaws: flaws)
        #expect(report.failedChecks == [check], "\(report)")
        #expect(report.description.contains(line), "\(report)")
    }

    @Test("without chargedAmount, a money round-trip that finds nothing wrong is skipped, and check() still passes")
    func moneyUnverified() async throws {
        let report = await Self.report(readsCharges: false)
        #expect(report.outcome(of: .moneyRoundTrip) == .skipped("amounts not verified: the fixture gives no chargedAmount"))
        #expect(report.description.contains("tiny: money round-trip: skipped (amounts not verified: the fixture gives no chargedAmount)"))
        #expect(report.passed, "\(report)")
        let ledger = TinyLedger()
        try await ProviderConformance(TinyProvider.descriptor(ledger: ledger), Self.fixture(ledger: ledger, readsCharges: false)).check()
    }

    @Test("without chargedAmount, a money round-trip that finds a problem still fails")
    func moneyUnverifiedButWrong() async throws {
        let report = await Self.report(flaws: .takesEveryCurrency, readsCharges: false)
        #expect(report.failedChecks == [.moneyRoundTrip])
        #expect(
            report.outcome(of: .moneyRoundTrip)
                == .failed([
                    "expected a payment of 12.340 KWD, a currency the fixture says the module refuses, to be an invalid_request error, "
                        + "got payment tiny_3 (succeeded)"
                ]))
    }

    @Test("a refund beyond what remains after a partial refund is caught too, with what the provider then reports")
    func refundAfterPartialRefund() async throws {
        guard case .failed(let problems) = await Self.report(flaws: .refundsBeyondRemaining).outcome(of: .refundLimits) else {
            Issue.record("refund limits did not fail")
            return
        }
        #expect(problems.count == 4)
        #expect(
            problems.contains {
                $0.hasPrefix("expected a refund of 6.18 USD on a payment of 12.34 USD with 6.17 USD refunded to be refused")
            })
        #expect(problems.contains { $0.contains("to refund nothing, the provider now reports 12.35 USD refunded") })
    }

    @Test("a fixture that names no three-decimal currency fails the money check, saying so")
    func fixtureCoverage() async throws {
        let report = await Self.report(refusedCurrencies: [])
        #expect(report.failedChecks == [.moneyRoundTrip])
        #expect(
            report.description.contains(
                "tiny: money round-trip: expected the fixture to name a three-decimal currency (such as KWD), taken or refused; it names none"
            ))
    }

    @Test("check() throws a ConformanceFailure listing exactly the failed checks' lines")
    func checkThrows() async throws {
        let ledger = TinyLedger()
        let conformance = ProviderConformance(
            TinyProvider.descriptor(flaws: [.doubleCharges, .logsSecret], ledger: ledger), Self.fixture(ledger: ledger))
        let failure = await #expect(throws: ConformanceFailure.self) { try await conformance.check() }
        let lines = failure?.description.split(separator: "\n") ?? []
        #expect(failure?.report.failedChecks == [.idempotentCreate, .secretsStayOutOfLogs])
        #expect(lines.first == "tiny: idempotent create: expected one payment for a repeated idempotency key, got tiny_3 and tiny_4")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("tiny: secrets stay out of logs: ") })
    }

    @Test("a pack module given as a provider fails every check that needs an instance, saying what it is")
    func wrongKind() async throws {
        let report = await ProviderConformance(GreeterPack.descriptor(), Self.fixture(ledger: TinyLedger())).run()
        for check in [ConformanceCheck.moneyRoundTrip, .idempotentCreate, .refundLimits, .capabilities, .webhookVerification] {
            #expect(report.outcome(of: check) == .failed(["expected a payment-provider module, got a pack module"]), "\(check)")
        }
    }
}
