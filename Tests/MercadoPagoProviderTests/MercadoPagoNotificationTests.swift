import Foundation
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("MercadoPago: signed notifications")
struct MercadoPagoNotificationTests {
    typealias Fixture = MercadoPagoFixture

    static let sdk = Python(fixtures: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures"))
    static let timestamp = Int(Fixture.now.timeIntervalSince1970)

    /// What MercadoPago posts for a payment: the body names it; the query repeats `data.id`.
    static func notification(
        dataID: String = "1325890123", signature: String?, requestID: String? = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e",
        query: [String: String]? = nil
    ) -> ProviderWebhookRequest {
        var headers = ["content-type": "application/json"]
        if let signature { headers["x-signature"] = signature }
        if let requestID { headers["x-request-id"] = requestID }
        let body = #"{"action":"payment.updated","api_version":"v1","data":{"id":"\#(dataID)"},"date_created":"2026-01-01T00:00:00Z","id":12345678901,"live_mode":false,"type":"payment","user_id":"123456789"}"#
        return ProviderWebhookRequest(
            headers: headers, query: query ?? ["data.id": dataID, "type": "payment"], body: Array(body.utf8), receivedAt: Fixture.now)
    }

    /// `x-signature` as MercadoPago computes it, made here (the SDK checks these below).
    static func sign(dataID: String?, requestID: String?, timestamp: Int = timestamp, secret: String = Fixture.webhookSecret) -> String {
        var manifest = ""
        if let dataID { manifest += "id:\(dataID);" }
        if let requestID { manifest += "request-id:\(requestID);" }
        manifest += "ts:\(timestamp);"
        return "ts=\(timestamp),v1=\(HMACSHA256.hex(key: secret, message: Array(manifest.utf8)))"
    }

    static func approvedTransport() -> FakeTransport {
        FakeTransport { _ in Fixture.answer(200, Fixture.payment()) }
    }

    @Test("a signed notification makes the module read the payment and report its state")
    func signedNotification() async throws {
        let transport = Self.approvedTransport()
        let requestID = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e"
        let events = try await Fixture.provider(transport: transport).handleWebhook(
            Self.notification(signature: Self.sign(dataID: "1325890123", requestID: requestID)))
        let event = try #require(events.first)
        #expect(events.count == 1)
        #expect(event.type == PaymentStatus.succeeded.eventType)
        #expect(event.payment.providerPaymentID == "1325890123")
        #expect(event.paymentID == "pay_01JDX3K9ZQ8V6T3C2H5N7R4M1B")
        #expect(transport.requests.map(\.url) == ["https://mp.example.test/v1/payments/1325890123"])
        #expect(transport.requests.first?.header("Authorization") == "Bearer \(Fixture.accessToken)")
    }

    @Test("the same state notified twice is one event id, so the host applies it once")
    func stableEventID() async throws {
        let provider = try Fixture.provider(transport: Self.approvedTransport())
        let signature = Self.sign(dataID: "1325890123", requestID: nil)
        let first = try await provider.handleWebhook(Self.notification(signature: signature, requestID: nil))
        let second = try await provider.handleWebhook(Self.notification(signature: signature, requestID: nil))
        #expect(first.map(\.id) == second.map(\.id))

        let refundedLater = try Fixture.provider(
            transport: FakeTransport { _ in Fixture.answer(200, Fixture.payment(detail: "partially_refunded", refunded: "10")) })
        let third = try await refundedLater.handleWebhook(Self.notification(signature: signature, requestID: nil))
        #expect(third.count == 1)
        #expect(third.map(\.id) != first.map(\.id))
    }

    @Test("a signed notification without data.id in its query is refused: the signature would not name the payment")
    func dataIDRequired() async throws {
        let transport = Self.approvedTransport()
        var request = Self.notification(signature: Self.sign(dataID: nil, requestID: nil), requestID: nil)
        request.query = ["type": "payment"]
        let error = await #expect(throws: PasarelaError.self) { try await Fixture.provider(transport: transport).handleWebhook(request) }
        #expect(error?.code == .invalidSignature)
        #expect(transport.requests.isEmpty)
    }

    @Test("signatures are refused when wrong, tampered, stale, from the future, missing or malformed; nothing is fetched")
    func refusals() async throws {
        let transport = Self.approvedTransport()
        let provider = try Fixture.provider(transport: transport)
        let requestID = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e"
        let refused: [ProviderWebhookRequest] = [
            Self.notification(signature: Self.sign(dataID: "1325890123", requestID: requestID, secret: "another-secret")),
            Self.notification(dataID: "1325890124", signature: Self.sign(dataID: "1325890123", requestID: requestID)),
            Self.notification(signature: Self.sign(dataID: "1325890123", requestID: "another-request")),
            Self.notification(signature: Self.sign(dataID: "1325890123", requestID: requestID, timestamp: Self.timestamp - 301)),
            Self.notification(signature: Self.sign(dataID: "1325890123", requestID: requestID, timestamp: Self.timestamp + 301)),
            Self.notification(signature: nil),
            Self.notification(signature: "v1=abc"),
            Self.notification(signature: "ts=abc,v1=abc"),
        ]
        for request in refused {
            let error = await #expect(throws: PasarelaError.self) { try await provider.handleWebhook(request) }
            #expect(error?.code == .invalidSignature)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("data.id is tried as received, then lowercased")
    func lowercasedDataID() async throws {
        let transport = FakeTransport { _ in Fixture.answer(200, Fixture.payment()) }
        let provider = try Fixture.provider(transport: transport)
        // The query carries "ABC123" but the signature was made over "abc123".
        let request = Self.notification(dataID: "ABC123", signature: Self.sign(dataID: "abc123", requestID: nil), requestID: nil)
        let events = try await provider.handleWebhook(request)
        #expect(events.count == 1)
    }

    @Test("a header part that starts with a combining mark does not join the signature before it (found by fuzzing)")
    func combiningMarkAfterSignature() async throws {
        let signature = Self.sign(dataID: "1325890123", requestID: "bb56a2f1-6aae-46ac-982e-9dcd3581d08e") + ",\u{301}x=y"
        let events = try await Fixture.provider(transport: Self.approvedTransport()).handleWebhook(Self.notification(signature: signature))
        #expect(events.count == 1)
    }

    @Test("notifications about something other than a payment are acknowledged with no event")
    func otherTopics() async throws {
        let transport = Self.approvedTransport()
        let provider = try Fixture.provider(transport: transport)
        var request = Self.notification(signature: Self.sign(dataID: "998877", requestID: nil), requestID: nil)
        request.query = ["data.id": "998877", "type": "merchant_order"]
        request.body = Array(#"{"type":"merchant_order","data":{"id":"998877"}}"#.utf8)
        #expect(try await provider.handleWebhook(request).isEmpty)
        #expect(transport.requests.isEmpty)
    }

    @Test("unsigned legacy IPN calls are refused unless the instance allows them")
    func legacyIPN() async throws {
        let ipn = ProviderWebhookRequest(headers: [:], query: ["topic": "payment", "id": "1325890123"], body: [], receivedAt: Fixture.now)
        let strict = try Fixture.provider(transport: Self.approvedTransport())
        let error = await #expect(throws: PasarelaError.self) { try await strict.handleWebhook(ipn) }
        #expect(error?.code == .invalidSignature)

        let transport = Self.approvedTransport()
        let lenient = try Fixture.provider(transport: transport, options: ["allow_unsigned_ipn": .boolean(true)])
        #expect(try await lenient.handleWebhook(ipn).map(\.type) == [PaymentStatus.succeeded.eventType])
    }

    @Test("when the API is down an authentic notification is deferred; a forged one is still refused")
    func apiDown() async throws {
        let transport = FakeTransport { _ in TransportResponse(status: 503) }
        let provider = try Fixture.provider(transport: transport)
        await #expect(throws: WebhookDeferral.self) {
            try await provider.handleWebhook(Self.notification(signature: Self.sign(dataID: "1325890123", requestID: nil), requestID: nil))
        }
        let forged = await #expect(throws: PasarelaError.self) {
            try await provider.handleWebhook(Self.notification(signature: Self.sign(dataID: "1", requestID: nil), requestID: nil))
        }
        #expect(forged?.code == .invalidSignature)
    }

    @Test("a deferred notification handed back later is not checked again (its ts is stale by then)")
    func handedBack() async throws {
        let provider = try Fixture.provider(transport: Self.approvedTransport(), clock: FakeClock(now: Fixture.now.addingTimeInterval(3600)))
        var request = Self.notification(signature: Self.sign(dataID: "1325890123", requestID: nil), requestID: nil)
        request.receivedAt = Fixture.now.addingTimeInterval(3600)
        await #expect(throws: PasarelaError.self) { try await provider.handleWebhook(request) }
        request.verified = true
        #expect(try await provider.handleWebhook(request).count == 1)
    }

    @Test(
        "MercadoPago's own Python SDK agrees, both ways: with and without x-request-id, tampered, stale",
        .enabled(if: Python.has("mercadopago") || Python.required))
    func officialSDK() async throws {
        let requestID = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e"
        let now = String(Self.timestamp + 30)
        // Signatures made here are valid to the SDK; a changed id or an old clock is not.
        for request in [requestID, nil] {
            let header = Self.sign(dataID: "1325890123", requestID: request)
            #expect(try await Self.sdk.script("mercadopago_sdk.py", ["validate", header, request ?? "-", "1325890123", Fixture.webhookSecret, "300", now]).first == "valid")
            #expect(try await Self.sdk.script("mercadopago_sdk.py", ["validate", header, request ?? "-", "1325890124", Fixture.webhookSecret, "300", now]).first == "invalid SignatureMismatch")
            #expect(try await Self.sdk.script("mercadopago_sdk.py", ["validate", header, request ?? "-", "1325890123", Fixture.webhookSecret, "300", String(Self.timestamp + 400)]).first == "invalid TimestampOutOfTolerance")
        }
        // Signatures made with the SDK's manifest are accepted here; a flipped digit is not.
        let provider = try Fixture.provider(transport: Self.approvedTransport())
        for request in [requestID, nil] {
            let header = try #require(try await Self.sdk.script("mercadopago_sdk.py", ["sign", request ?? "-", "1325890123", Fixture.webhookSecret, String(Self.timestamp)]).first)
            #expect(try await provider.handleWebhook(Self.notification(signature: header, requestID: request)).count == 1)
            let tampered = String(header.dropLast()) + (header.hasSuffix("0") ? "1" : "0")
            await #expect(throws: PasarelaError.self) { try await provider.handleWebhook(Self.notification(signature: tampered, requestID: request)) }
        }
    }
}
