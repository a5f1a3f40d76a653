import Foundation
import Hummingbird
import PasarelaKit

/// `POST /webhooks/providers/{instance}`: verified by the instance's module, then applied. One the
/// module defers is kept in the inbox and answered `queued`; one that carries no event the module
/// knows is kept there too and answered `ignored` (see ``ProviderWebhookInbox``).
struct ProviderWebhooksController: Sendable {
    let payments: PaymentService
    let inbox: ProviderWebhookInbox.Queue
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
            return JSONBody.webhookReceipt(status: "queued", eventID: try await inbox.keepDeferred(instance: instance, request: webhook, deferral: deferral))
        }
        guard let first = outcomes.first else {
            return JSONBody.webhookReceipt(status: "ignored", eventID: try await inbox.keepUnhandled(instance: instance, request: webhook))
        }
        return JSONBody.webhookReceipt(status: outcomes.allSatisfy(\.duplicate) ? "duplicate" : "processed", eventID: first.eventID)
    }
}
