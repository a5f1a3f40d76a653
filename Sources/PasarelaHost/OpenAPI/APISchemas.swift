import PasarelaKit

/// The component schemas of the host's OpenAPI document: the JSON shapes docs/api.md fixes,
/// written as JSON Schema (2020-12, as OpenAPI 3.1 uses it).
enum APISchemas {
    /// Every component schema by name.
    static func all() throws -> [String: JSONValue] {
        var schemas: [String: JSONValue] = [:]
        for text in [payments, partners] {
            guard let members = try JSONValue.parse(text).objectValue else { continue }
            schemas.merge(members) { first, _ in first }
        }
        return schemas
    }

    /// The security schemes: the admin token, a partner's API key and the partners' webhook signatures.
    static let securitySchemes: JSONValue = .object([
        "adminBearer": .object([
            "type": .string("http"), "scheme": .string("bearer"),
            "description": .string("The admin token (printed once at first start, or admin.token in the configuration)"),
        ]),
        "partnerApiKey": .object([
            "type": .string("apiKey"), "in": .string("header"), "name": .string("X-API-Key"),
            "description": .string("A partner's API key (shown once at registration): its own status and deliveries"),
        ]),
        "seedSignature": .object([
            "type": .string("apiKey"), "in": .string("header"), "name": .string(SeedSignatureScheme.signatureHeader),
            "description": .string("The seed scheme: hex HMAC-SHA256 of the body's Python-canonical JSON with the partner's secret (X-Partner-Signature is taken too); the body carries its timestamp"),
        ]),
        "standardWebhooksSignature": .object([
            "type": .string("apiKey"), "in": .string("header"), "name": .string(StandardWebhooksScheme.signatureHeader),
            "description": .string("Standard Webhooks: v1,base64 HMAC-SHA256 of id.timestamp.body, with webhook-id and webhook-timestamp"),
        ]),
    ])
}
