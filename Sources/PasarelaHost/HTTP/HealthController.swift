import Hummingbird
import PasarelaKit

/// `/healthz` (the process answers) and `/readyz` (storage answers too). Open to everyone.
struct HealthController: Sendable {
    let storage: any PasarelaStorage

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Host")
        let health = JSONValue.schema("Health")
        routes.add(.get, "/healthz", id: "getLiveness", RouteDocumentation("Liveness: the process answers", response: health)) { _, _ in
            JSONBody.response(status: .ok, bytes: Array(#"{"status":"ok"}"#.utf8))
        }
        let readiness = RouteDocumentation(
            "Readiness: storage answers too", response: health, errors: [503: "not_ready: storage is not reachable"])
        routes.add(.get, "/readyz", id: "getReadiness", readiness) { _, context in
            do {
                try await storage.ping()
                return JSONBody.response(status: .ok, bytes: Array(#"{"status":"ready"}"#.utf8))
            } catch {
                context.logger.warning("storage is not reachable", metadata: ["error": "\(error)"])
                return JSONBody.response(
                    status: .serviceUnavailable,
                    bytes: Array(#"{"error":{"code":"not_ready","message":"storage is not reachable"}}"#.utf8))
            }
        }
    }
}
