import HTTPTypes
import Hummingbird

/// `POST /webhooks/partner/{partner_id}` and `POST /webhooks/partner/` (partner from `X-Partner-ID`).
/// Authenticated by signature, not by the admin token.
struct PartnerWebhooksController: Sendable {
    static let partnerIDHeader = HTTPField.Name("X-Partner-ID")!

    let inbound: InboundWebhookService
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("webhooks/partner/:partner_id") { request, context in
            try await receive(request, partnerID: try context.parameters.require("partner_id"))
        }
        router.post("webhooks/partner") { request, _ in
            try await receive(request, partnerID: request.headers[Self.partnerIDHeader])
        }
    }

    private func receive(_ request: Request, partnerID: String?) async throws -> Response {
        let body = try await JSONBody.bytes(of: request, limit: maxBodyBytes)
        let receipt = try await inbound.receive(partnerID: partnerID, headers: Self.lowercasedHeaders(request.headers), body: body)
        return JSONBody.webhookReceipt(status: receipt.duplicate ? "duplicate" : "processed", eventID: receipt.eventID)
    }

    /// Header names in lower case; repeated headers joined with `,`.
    static func lowercasedHeaders(_ fields: HTTPFields) -> [String: String] {
        var headers: [String: String] = [:]
        for field in fields {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0),\(field.value)" } ?? field.value
        }
        return headers
    }
}
