import HTTPTypes
import Hummingbird
import PasarelaKit

/// `POST /webhooks/partner/{partner_id}` and `POST /webhooks/partner/` (partner from `X-Partner-ID`).
/// Authenticated by signature, not by the admin token.
struct PartnerWebhooksController: Sendable {
    static let partnerIDHeader = HTTPField.Name("X-Partner-ID")!
    /// The routes' common path; ``PartnerWebhookChannelHandler`` matches the same one.
    static let path = "webhooks/partner"

    let inbound: InboundWebhookService
    let maxBodyBytes: Int

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Webhooks")
        let documentation = RouteDocumentation(
            "A partner's webhook, verified with its shared secret in its scheme (seed or Standard Webhooks), stored, deduplicated and handed to the packs",
            request: .object(["type": .string("object"), "description": .string("The partner's event envelope")]),
            responseDescription: "Stored: processed or duplicate", response: .schema("WebhookReceipt"),
            errors: [401: "invalid_signature: no valid signature", 422: "invalid_request: not an event envelope"])
        routes.add(.post, "/\(Self.path)/{partner_id}", id: "receivePartnerWebhook", documentation) { request, context in
            try await receive(request, partnerID: try context.parameters.require("partner_id"))
        }
        routes.add(
            .post, "/\(Self.path)", id: "receivePartnerWebhookByHeader", headers: ["X-Partner-ID": "The sending partner"], documentation
        ) { request, _ in
            try await receive(request, partnerID: request.headers[Self.partnerIDHeader])
        }
    }

    private func receive(_ request: Request, partnerID: String?) async throws -> Response {
        let body = try await JSONBody.bytes(of: request, limit: maxBodyBytes)
        let receipt = try await inbound.receive(partnerID: partnerID, headers: Self.lowercasedHeaders(request.headers), body: body)
        return JSONBody.webhookReceipt(status: receipt.status, eventID: receipt.eventID)
    }

    /// Header names in lower case; repeated headers joined with `,`.
    static func lowercasedHeaders(_ fields: HTTPFields) -> [String: String] {
        lowercasedHeaders(fields.lazy.map { (name: $0.name.canonicalName, value: $0.value) })
    }

    /// The same for any name-value pairs, such as ``PartnerWebhookChannelHandler``'s HTTP/1 headers.
    static func lowercasedHeaders(_ fields: some Sequence<(name: String, value: String)>) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in fields {
            let name = name.utf8.contains { UInt8(ascii: "A")...UInt8(ascii: "Z") ~= $0 } ? name.lowercased() : name
            headers[name] = headers[name].map { "\($0),\(value)" } ?? value
        }
        return headers
    }
}
