import Hummingbird
import PasarelaKit

/// `/healthz` (the process answers) and `/readyz` (storage answers too). Open to everyone.
struct HealthController: Sendable {
    let storage: any PasarelaStorage

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            JSONBody.response(status: .ok, bytes: Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("readyz") { _, context in
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
