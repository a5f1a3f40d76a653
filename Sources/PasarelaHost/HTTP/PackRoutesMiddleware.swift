import HTTPTypes
import Hummingbird
import PasarelaKit

/// Serves the routes of the loaded packs, ahead of the router's own routes.
///
/// Pack routes are matched here rather than added to the router's tree: a pack's literal segment
/// (`/partners/findyourwork/status`) in the tree would hide the host's parameter routes at the
/// same place (`GET /partners/{id}` for `findyourwork`), because the tree does not fall back from
/// a literal to a parameter. A pack route wins over a host route with the same method and path.
/// Path parameters are percent-decoded, as ``PackRoute/match(path:)`` does everywhere.
struct PackRoutesMiddleware: RouterMiddleware {
    let runtimes: [PackRuntime]
    /// Authenticates admin routes, and admin-or-partner routes.
    let admin: AuthMiddleware
    let shared: AuthMiddleware
    let maxBodyBytes: Int

    /// Refuses two packs declaring the same method and path.
    static func checkConflicts(_ runtimes: [PackRuntime]) throws(ConfigurationError) {
        var owners: [String: String] = [:]
        for runtime in runtimes {
            for route in runtime.pack.routes {
                let key = "\(route.method) /" + route.segments.map { PackRoute.parameterName($0) == nil ? String($0) : "{}" }.joined(separator: "/")
                if let owner = owners[key] {
                    throw ConfigurationError(key: "packs", "\(owner) and \(runtime.name) both serve \(route.method) \(route.path)")
                }
                owners[key] = runtime.name
            }
        }
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response)
        async throws -> Response
    {
        let method = request.method.rawValue
        let path = request.uri.path
        for runtime in runtimes {
            for route in runtime.pack.routes where route.method.rawValue == method {
                guard let parameters = route.match(path: path) else { continue }
                let guarded = route.access.partnerID == nil ? admin : shared
                return try await guarded.handle(request, context: context) { request, context in
                    try await respond(to: request, context: context, route: route, parameters: parameters, runtime: runtime)
                }
            }
        }
        return try await next(request, context)
    }

    private func respond(
        to request: Request, context: AppRequestContext, route: PackRoute, parameters: [String: String], runtime: PackRuntime
    ) async throws -> Response {
        if let partnerID = route.access.partnerID, context.principal?.mayAccess(partnerID: partnerID) != true {
            throw PasarelaError(.notFound, "no partner \(partnerID)")
        }
        let packRequest = PackRequest(
            parameters: parameters, query: request.queryValues, body: try await JSONBody.bytes(of: request, limit: maxBodyBytes))
        let answer = try await runtime.respond(to: packRequest, with: route)
        return JSONBody.response(status: HTTPResponse.Status(code: answer.status), json: answer.body)
    }
}
