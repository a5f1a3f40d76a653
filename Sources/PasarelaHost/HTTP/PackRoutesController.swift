import HTTPTypes
import Hummingbird
import PasarelaKit

/// Mounts the routes of the loaded packs: admin routes, or admin-or-partner routes for those
/// that also admit one partner's `X-API-Key`.
struct PackRoutesController: Sendable {
    let runtimes: [PackRuntime]
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

    func addRoutes(admin: RouterGroup<AppRequestContext>, shared: RouterGroup<AppRequestContext>) {
        for runtime in runtimes {
            for route in runtime.pack.routes {
                let path = route.segments.map { segment in PackRoute.parameterName(segment).map { ":\($0)" } ?? String(segment) }
                    .joined(separator: "/")
                let group = route.access.partnerID == nil ? admin : shared
                group.on(RouterPath(path), method: HTTPRequest.Method(rawValue: route.method.rawValue) ?? .get) { request, context in
                    try await respond(request, context: context, route: route, runtime: runtime)
                }
            }
        }
    }

    private func respond(_ request: Request, context: AppRequestContext, route: PackRoute, runtime: PackRuntime) async throws
        -> Response
    {
        if let partnerID = route.access.partnerID, context.principal?.mayAccess(partnerID: partnerID) != true {
            throw PasarelaError(.notFound, "no partner \(partnerID)")
        }
        var parameters: [String: String] = [:]
        for segment in route.segments {
            guard let name = PackRoute.parameterName(segment) else { continue }
            parameters[name] = context.parameters.get(name)
        }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let packRequest = PackRequest(
            parameters: parameters, query: query, body: try await JSONBody.bytes(of: request, limit: maxBodyBytes))
        let answer = try await runtime.respond(to: packRequest, with: route)
        return JSONBody.response(status: HTTPResponse.Status(code: answer.status), json: answer.body)
    }
}
