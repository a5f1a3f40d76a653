import Hummingbird
import PasarelaKit

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route this host serves. Open to
/// everyone, like the health routes; it describes shapes, never data.
struct OpenAPIController: Sendable {
    static let operation = APIOperation(
        method: .get, path: "/openapi.json", id: "getOpenAPIDocument", tag: "Host", access: .open,
        documentation: RouteDocumentation(
            "This document", responseDescription: "The OpenAPI 3.1 document of every route this host serves",
            response: .object(["type": .string("object"), "required": .array([.string("openapi"), .string("paths")])])))

    /// The document, written once.
    let body: [UInt8]

    /// The document for the host's `operations` (this one included), the loaded packs' routes and
    /// the provider instances' checkout routes.
    init(operations: [APIOperation], packs: [PackRuntime], providers: ProviderDirectory, serverURL: String?) throws {
        let packRoutes = packs.flatMap { runtime in runtime.pack.routes.map { APIOperation(pack: runtime.name, route: $0) } }
        let checkoutRoutes = providers.instances.flatMap { instance in
            (providers.provider(instance)?.routes ?? []).map { APIOperation(checkoutOf: instance, route: $0) }
        }
        body = Array(try OpenAPIDocument.make(operations: operations + packRoutes + checkoutRoutes, serverURL: serverURL).serialized().utf8)
    }

    func addRoutes(to routes: DocumentedRoutes<Router<AppRequestContext>>) {
        routes.add(Self.operation) { [body] _, _ in JSONBody.response(status: .ok, bytes: body) }
    }
}
