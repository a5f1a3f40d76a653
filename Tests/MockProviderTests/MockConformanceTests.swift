import MockProvider
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Mock provider: conformance")
struct MockConformanceTests {
    static let webhookSecret = "mock_whsec_7c1d2e3f4a5b"

    @Test("the mock module passes the conformance kit, hosted checkout included")
    func conformance() async throws {
        let conformance = ProviderConformance(
            MockModule.descriptor,
            ProviderConformanceFixture(
                options: ["webhook_secret": .string(Self.webhookSecret)],
                currencies: [.jpy, .usd, .kwd],
                webhooks: ProviderWebhookFixture(
                    sign: { body, time in
                        .init(headers: [
                            MockWebhookSignature.headerName: MockWebhookSignature.header(
                                body: body, secret: Self.webhookSecret, timestamp: Int(time.timeIntervalSince1970))
                        ])
                    },
                    event: { id in Array(#"{"id":"mevt_1","provider_payment_id":"\#(id)","status":"succeeded"}"#.utf8) },
                    unknownEvent: { id in Array(#"{"id":"mevt_2","provider_payment_id":"\#(id)","status":"teleported"}"#.utf8) },
                    tolerance: 300)))
        let report = await conformance.run()
        #expect(report.passed, "\(report)")
        #expect(report.outcome(of: .hostedCheckout) == .passed)
    }
}
