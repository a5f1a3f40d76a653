import Foundation
import MercadoPagoProvider
import PasarelaKit
import PasarelaTesting

/// A `mercadopago` instance over a ``FakeTransport``, and payloads shaped like MercadoPago's.
enum MercadoPagoFixture {
    static let accessToken = "TEST-8123456789012345-112900-abcdef0123456789abcdef0123456789-123456789"
    static let webhookSecret = "mp-webhook-secret"
    static let apiBase = "https://mp.example.test"
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    static func provider(
        transport: any HTTPTransport, options: [String: OptionValue] = [:], clock: FakeClock = FakeClock(now: now)
    ) throws -> any PaymentProvider {
        let raw: [String: OptionValue] = [
            "access_token": .string(accessToken), "webhook_secret": .string(webhookSecret), "api_base": .string(apiBase),
        ].merging(options) { $1 }
        let validated = try ModuleOptions.validate(raw, against: MercadoPagoModule.descriptor.options, keyPath: "payments.instances.mp")
        guard case .provider(let make) = MercadoPagoModule.descriptor.factory else { fatalError("mercadopago is a provider module") }
        return try make(validated, ModuleContext.testing(instanceName: "mp", transport: transport, clock: clock))
    }

    /// A payment as `GET /v1/payments/{id}` returns it (the fields Pasarela reads, and a few more).
    static func payment(
        id: Int = 1_325_890_123, status: String = "approved", detail: String = "accredited", amount: String = "100.5",
        refunded: String = "0", reference: String = "pay_01JDX3K9ZQ8V6T3C2H5N7R4M1B"
    ) -> JSONValue {
        .object([
            "id": .number(String(id)), "status": .string(status), "status_detail": .string(detail),
            "transaction_amount": .number(amount), "transaction_amount_refunded": .number(refunded),
            "currency_id": .string("ARS"), "external_reference": .string(reference), "payment_method_id": .string("visa"),
            "payment_type_id": .string("credit_card"), "installments": .number("1"), "live_mode": .bool(false),
            "date_created": .string("2026-01-01T00:00:00.000-04:00"),
        ])
    }

    static func answer(_ status: Int, _ json: JSONValue, headers: [(name: String, value: String)] = []) -> TransportResponse {
        TransportResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(json.serialized().utf8))
    }

    static func body(of request: TransportRequest) throws -> JSONValue {
        try JSONValue.parse(request.body)
    }
}
