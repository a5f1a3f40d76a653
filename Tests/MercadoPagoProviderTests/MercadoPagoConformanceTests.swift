import FakeMercadoPagoAPI
import Foundation
import MercadoPagoProvider
import PasarelaKit
import PasarelaTesting
import Testing

@testable import PasarelaHost

/// The conformance kit against the fake MercadoPago API (an ARS account) over real HTTP, through the host's transport.
@Suite("MercadoPago: conformance")
struct MercadoPagoConformanceTests {
    static let requestID = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e"
    let api = FakeMercadoPagoAPI(currency: .ars)

    /// A notification body of `type` about payment `id`, as MercadoPago posts it.
    static func notification(type: String, _ id: String) -> [UInt8] {
        Array(
            JSONValue.object(["type": .string(type), "action": .string("\(type).updated"), "data": .object(["id": .string(id)])])
                .serialized().utf8)
    }

    @Test("the mercadopago module passes the conformance kit, hosted checkout included")
    func conformance() async throws {
        try await api.run { [api] base in
            try await ProviderConformance(
                MercadoPagoModule.descriptor,
                ProviderConformanceFixture(
                    options: [
                        "access_token": .string(MercadoPagoFixture.accessToken),
                        "webhook_secret": .string(MercadoPagoFixture.webhookSecret),
                        "api_base": .string(base), "currency": .string("ARS"),
                    ],
                    transport: AsyncHTTPClientTransport(),
                    currencies: [.ars], refusedCurrencies: [.jpy, .usd, .kwd, try Currency(code: "CLP"), try Currency(code: "BRL")],
                    paymentMethod: .object([
                        "payment_method_id": .string("visa"), "token": .string("card-token-1"), "installments": .number("1"),
                    ]),
                    chargedAmount: { id in
                        guard let payment = api.payment(id), let amount = payment["transaction_amount"]?.numberText,
                            let currency = payment["currency_id"]?.stringValue
                        else { return nil }
                        return try Money(decimal: amount, currency: Currency(code: currency))
                    },
                    webhooks: ProviderWebhookFixture(
                        // MercadoPago signs data.id (from the query), the request id and the time; not the body.
                        sign: { body, time in
                            let dataID = (try? JSONValue.parse(body))?["data"]?["id"]?.stringValue ?? ""
                            let signature = MercadoPagoNotificationTests.sign(
                                dataID: dataID, requestID: Self.requestID, timestamp: Int(time.timeIntervalSince1970))
                            return .init(headers: ["x-signature": signature, "x-request-id": Self.requestID], query: ["data.id": dataID])
                        },
                        event: { id in Self.notification(type: "payment", id) },
                        unknownEvent: { id in Self.notification(type: "merchant_order", id) },
                        tolerance: 300, tampering: .queryParameter("data.id")))
            ).check()
        }
        let lines = api.calls.map { "\($0.method) \($0.path)" }
        #expect(lines.filter { $0 == "POST /checkout/preferences" }.count == 2, "the checkout, opened twice with one key")
        #expect(lines.contains { $0.hasPrefix("PUT /checkout/preferences/") }, "and canceled")
    }
}
