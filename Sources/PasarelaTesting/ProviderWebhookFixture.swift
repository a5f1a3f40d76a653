import Foundation
import PasarelaKit

/// How ``ProviderConformance`` makes webhooks for a module: how to sign a body, a body of an
/// event the module knows and one of a type it does not.
///
/// ```swift
/// let webhooks = ProviderWebhookFixture(
///     sign: { body, time in
///         .init(headers: ["Mock-Signature": MockWebhookSignature.header(body: body, secret: secret, timestamp: Int(time.timeIntervalSince1970))])
///     },
///     event: { id in Array(#"{"id":"mevt_1","provider_payment_id":"\#(id)","status":"succeeded"}"#.utf8) },
///     unknownEvent: { id in Array(#"{"id":"mevt_2","provider_payment_id":"\#(id)","status":"teleported"}"#.utf8) },
///     tolerance: 300)
/// ```
public struct ProviderWebhookFixture: Sendable {
    /// The headers and query parameters that sign a webhook body.
    public struct Signature: Sendable {
        /// Headers carrying the signature, by name (any case).
        public var headers: [String: String]
        /// Query parameters the scheme signs or carries, for schemes like MercadoPago's.
        public var query: [String: String]

        /// The signature carried in `headers` and, for schemes that sign it, `query`.
        public init(headers: [String: String], query: [String: String] = [:]) {
            self.headers = headers
            self.query = query
        }
    }

    /// Signs `body` as the provider would at `timestamp`.
    public var sign: @Sendable (_ body: [UInt8], _ timestamp: Date) -> Signature
    /// The body of an event the module turns into normalized events, about the payment `providerPaymentID`.
    public var event: @Sendable (_ providerPaymentID: String) -> [UInt8]
    /// The body of an event of a type the module does not know, about the payment `providerPaymentID`.
    public var unknownEvent: @Sendable (_ providerPaymentID: String) -> [UInt8]
    /// How many seconds a signature's timestamp may be from now; `nil` when the scheme has no timestamp.
    public var tolerance: Int?
    /// How the kit alters a signed webhook, which the module must then refuse.
    public var tampering: WebhookTampering

    /// A webhook fixture; `tampering` defaults to changing the body.
    public init(
        sign: @escaping @Sendable (_ body: [UInt8], _ timestamp: Date) -> Signature,
        event: @escaping @Sendable (_ providerPaymentID: String) -> [UInt8],
        unknownEvent: @escaping @Sendable (_ providerPaymentID: String) -> [UInt8], tolerance: Int?,
        tampering: WebhookTampering = .body
    ) {
        self.sign = sign
        self.event = event
        self.unknownEvent = unknownEvent
        self.tolerance = tolerance
        self.tampering = tampering
    }
}

extension ProviderWebhookFixture {
    /// The webhook with `body` signed at `time`, received at `now`.
    func request(_ body: [UInt8], signedAt time: Date, receivedAt now: Date) -> ProviderWebhookRequest {
        let signature = sign(body, time)
        return ProviderWebhookRequest(headers: signature.headers, query: signature.query, body: body, receivedAt: now)
    }

    /// Webhooks with `body` that a module must refuse as `invalid_signature`, each with what it
    /// is: tampered after signing, without its signature headers, and (when the scheme has a
    /// tolerance) signed too long before or after `now`.
    func forgeries(of body: [UInt8], at now: Date) -> [(what: String, request: ProviderWebhookRequest)] {
        var tampered = request(body, signedAt: now, receivedAt: now)
        tampering.apply(&tampered)
        var unsigned = request(body, signedAt: now, receivedAt: now)
        for name in sign(body, now).headers.keys { unsigned.headers[name.lowercased()] = nil }
        var forgeries = [("a webhook with \(tampering) changed after signing", tampered), ("a webhook without its signature", unsigned)]
        if let tolerance {
            let late = tolerance + 60
            for (offset, direction) in [(-late, "ago"), (late, "ahead")] {
                forgeries.append(
                    ("a webhook signed \(late) s \(direction) (tolerance \(tolerance) s)",
                     request(body, signedAt: now + TimeInterval(offset), receivedAt: now)))
            }
        }
        return forgeries
    }
}
