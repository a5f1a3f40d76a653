import Foundation
import Hummingbird
import PasarelaKit

/// `POST /webhooks/providers/{instance}`: verified by the instance's module, then applied — or,
/// when the module defers it, stored in the inbox and acknowledged as `queued`.
struct ProviderWebhooksController: Sendable {
    let payments: PaymentService
    let deferrals: DeferredProviderWebhooks.Queue
    let clock: any WallClock
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("webhooks/providers/:instance", use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let instance = try context.parameters.require("instance")
        let body = try await JSONBody.bytes(of: request, limit: maxBodyBytes)
        let headers = PartnerWebhooksController.lowercasedHeaders(request.headers)
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        let webhook = ProviderWebhookRequest(headers: headers, query: query, body: body, receivedAt: clock.now())
        let outcomes: [PaymentService.WebhookEventOutcome]
        do {
            outcomes = try await payments.handleWebhook(instance: instance, request: webhook)
        } catch let deferral as WebhookDeferral {
            let id = try await deferrals.store(instance: instance, request: webhook, deferral: deferral)
            let answer = JSONValue.object(["status": .string("queued"), "event_id": .string(id)])
            return JSONBody.response(status: .ok, bytes: Array(answer.serialized().utf8))
        }
        let duplicate = !outcomes.isEmpty && outcomes.allSatisfy(\.duplicate)
        let answer = JSONValue.object([
            "status": .string(duplicate ? "duplicate" : "processed"),
            "event_id": outcomes.first.map { .string($0.eventID) } ?? .null,
        ])
        return JSONBody.response(status: .ok, bytes: Array(answer.serialized().utf8))
    }
}
