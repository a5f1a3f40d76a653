import Foundation
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

/// `Stripe-Signature` checked against headers made by Stripe's own Python library.
@Suite("Stripe-Signature")
struct StripeSignatureTests {
    let clock = FakeClock()
    var now: Int { Int(clock.now().timeIntervalSince1970) }
    let body = #"{"id":"evt_sig","object":"event","type":"customer.created","created":1767225600,"data":{"object":{"id":"cus_1","metadata":{}}}}"#

    func deliver(_ header: String?, body: String? = nil, secret: String? = StripeTest.webhookSecret) async throws -> [NormalizedEvent] {
        let provider = StripeTest.provider(clock: clock, webhookSecret: secret)
        var headers: [String: String] = [:]
        if let header { headers["Stripe-Signature"] = header }
        return try await provider.handleWebhook(
            ProviderWebhookRequest(headers: headers, body: Array((body ?? self.body).utf8), receivedAt: clock.now()))
    }

    func pythonHeaders(_ cases: [(secrets: [String], timestamp: Int)]) async throws -> [String] {
        let sign = cases.map { JSONValue.object(["secrets": .array($0.secrets.map(JSONValue.string)), "timestamp": .number(String($0.timestamp))]) }
        let output = try await StripePython.run(JSONValue.object(["payload": .string(body), "sign": .array(sign)]).serialized())
        return output["headers"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test(
        "headers from stripe-python: accepted now, with several v1, at the edges of the 300 s tolerance",
        .enabled(if: StripePython.available, "python3 with pip 'stripe' is not installed"))
    func acceptedFromPython() async throws {
        let headers = try await pythonHeaders([
            ([StripeTest.webhookSecret], now),
            (["whsec_old_secret", StripeTest.webhookSecret], now),
            ([StripeTest.webhookSecret, "whsec_other"], now),
            ([StripeTest.webhookSecret], now - 300),
            ([StripeTest.webhookSecret], now + 300),
        ])
        #expect(headers.count == 5)
        #expect(headers[1].components(separatedBy: "v1=").count == 3)
        for header in headers {
            #expect(try await deliver(header).isEmpty, "an unknown event type is acknowledged with no event")
        }
    }

    @Test(
        "headers from stripe-python: wrong secret, stale, future and tampered bodies are refused",
        .enabled(if: StripePython.available, "python3 with pip 'stripe' is not installed"))
    func refusedFromPython() async throws {
        let headers = try await pythonHeaders([
            (["whsec_wrong"], now), ([StripeTest.webhookSecret], now - 301), ([StripeTest.webhookSecret], now + 301),
            ([StripeTest.webhookSecret], now),
        ])
        for (index, header) in headers.enumerated() {
            let tampered = index == 3 ? body.replacingOccurrences(of: "cus_1", with: "cus_2") : nil
            let error = await #expect(throws: PasarelaError.self) { try await deliver(header, body: tampered) }
            #expect(error?.code == .invalidSignature)
        }
    }

    @Test(
        "stripe-python verifies the headers Pasarela makes",
        .enabled(if: StripePython.available, "python3 with pip 'stripe' is not installed"))
    func pythonVerifiesOurs() async throws {
        let ours = StripeWebhookSignature.header(body: Array(body.utf8), secrets: ["whsec_a", "whsec_b"], timestamp: now)
        let verify: [JSONValue] = [
            .object(["header": .string(ours), "secret": .string("whsec_a")]),
            .object(["header": .string(ours), "secret": .string("whsec_b")]),
            .object(["header": .string(ours), "secret": .string("whsec_c")]),
        ]
        let output = try await StripePython.run(JSONValue.object(["payload": .string(body), "verify": .array(verify)]).serialized())
        #expect(output["verified"]?.arrayValue?.map(\.boolValue) == [true, true, false])
    }

    @Test("missing, malformed and v0-only headers, and an instance without webhook_secret, are refused")
    func malformed() async throws {
        let valid = StripeWebhookSignature.header(body: Array(body.utf8), secret: StripeTest.webhookSecret, timestamp: now)
        let v0 = valid.replacingOccurrences(of: "v1=", with: "v0=")
        for header in [nil, "", "garbage", "t=\(now)", v0, "v1=abc", "t=notanumber,v1=00", "t=9223372036854775807,v1=00"] as [String?] {
            let error = await #expect(throws: PasarelaError.self) { try await deliver(header) }
            #expect(error?.code == .invalidSignature)
        }
        let error = await #expect(throws: PasarelaError.self) { try await deliver(valid, secret: nil) }
        #expect(error?.code == .invalidSignature)
        #expect(try await deliver(valid).isEmpty)
    }

    @Test("a signed body that is not JSON is malformed, not a crash")
    func notJSON() async throws {
        let text = "not json"
        let header = StripeWebhookSignature.header(body: Array(text.utf8), secret: StripeTest.webhookSecret, timestamp: now)
        let error = await #expect(throws: PasarelaError.self) { try await deliver(header, body: text) }
        #expect(error?.code == .malformedRequest)
    }
}
