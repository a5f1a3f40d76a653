import HTTPTypes
import Hummingbird
import PasarelaKit

/// The operations declared while the router is built, in order.
final class RouteBook: @unchecked Sendable {
    // Written only while `buildRouter` runs, on one task; read after.
    private(set) var operations: [APIOperation] = []

    func record(_ operation: APIOperation) {
        operations.append(operation)
    }
}

/// Adds routes to a router or a route group and records each one, with its documentation, in a
/// ``RouteBook``: the host's OpenAPI document is made from that book.
struct DocumentedRoutes<Methods: RouterMethods<AppRequestContext>> {
    let methods: Methods
    let access: APIAccess
    let book: RouteBook
    var tag = "Host"

    /// The same routes, listed under `tag`.
    func tagged(_ tag: String) -> Self {
        var routes = self
        routes.tag = tag
        return routes
    }

    /// Serves `method` on `path` (`/payments/{id}`) with `handler`, documented as `documentation`.
    func add(
        _ method: HTTPRequest.Method, _ path: String, id: String, headers: [String: String] = [:], _ documentation: RouteDocumentation,
        use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) {
        add(
            APIOperation(method: method, path: path, id: id, tag: tag, access: access, documentation: documentation, headers: headers),
            use: handler)
    }

    /// Serves `operation` with `handler`.
    func add(_ operation: APIOperation, use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator) {
        methods.on(RouterPath(operation.routerPath), method: operation.method, use: handler)
        book.record(operation)
    }
}
