import HTTPTypes
import PasarelaKit

/// Who may call a route, as the OpenAPI document's `security` says.
enum APIAccess: Sendable {
    /// Anyone (health, metrics, the document itself, checkout pages).
    case open
    /// `Authorization: Bearer <admin token>`.
    case admin
    /// The admin token, or the partner's own `X-API-Key`.
    case adminOrPartnerKey
    /// A webhook, authenticated by its signature headers.
    case signedWebhook
}

/// One route of the host as the OpenAPI document describes it: where it is, who may call it and
/// what it takes and answers. The router serves exactly the operations declared this way
/// (``DocumentedRoutes``), so the two cannot drift apart.
struct APIOperation: Sendable {
    var method: HTTPRequest.Method
    /// The path in OpenAPI form: `/payments/{id}`.
    var path: String
    /// A unique, stable name (`createPayment`).
    var id: String
    /// The group it is listed under (`Payments`).
    var tag: String
    var access: APIAccess
    var documentation: RouteDocumentation
    /// Request headers it reads besides authentication, each with what it means.
    var headers: [String: String] = [:]

    /// The path parameters' names, in order.
    var pathParameters: [String] {
        RouteTemplate(path).segments.compactMap { RouteTemplate.parameterName($0) }
    }

    /// The path as Hummingbird's router spells it: `payments/:id`.
    var routerPath: String {
        RouteTemplate(path).segments.map { segment in RouteTemplate.parameterName(segment).map { ":\($0)" } ?? String(segment) }
            .joined(separator: "/")
    }
}

extension JSONValue {
    /// A JSON Schema reference to a component schema of the host's document.
    static func schema(_ name: String) -> JSONValue {
        .object(["$ref": .string("#/components/schemas/\(name)")])
    }
}
