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
    let metrics: HostMetrics

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        routes.tagged("Webhooks").add(
            .post, "/webhooks/providers/{instance}", id: "receiveProviderWebhook",
            RouteDocumentation(
                "A provider's webhook, verified by the instance's module (Stripe-Signature, MercadoPago's x-signature, …)",
                request: .object(["description": .string("The provider's own payload")]),
                responseDescription: "Stored: processed, duplicate, queued (retried from the inbox) or ignored",
                response: .schema("WebhookReceipt"), errors: [401: "invalid_signature: the module refused the signature"]),
            use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let instance = try context.parameters.require("instance")
        // Only configured instances name a series, so made-up paths cannot multiply them.
        let source = payments.providers.provider(instance) == nil ? HostMetrics.unknownSource : "provider:\(instance)"
        do {
            let (response, outcome) = try await receive(request, instance: instance)
            metrics.inboundWebhooks.counter(source, outcome).increment()
            return response
        } catch {
            metrics.inboundWebhooks.counter(source, Self.outcome(of: error)).increment()
            throw error
        }
    }

    /// The outcome counted for a webhook that was refused or failed.
    static func outcome(of error: any Error) -> String {
        switch (error as? PasarelaError)?.code {
        case .invalidSignature?, .notFound?: return "rejected"
        case .malformedRequest?, .invalidRequest?: return "invalid"
        default: return error is APIError ? "invalid" : "failed"
        }
    }

    private func receive(_ request: Request, instance: String) async throws -> (Response, String) {
        let body = try await JSONBody.bytes(of: request, limit: maxBodyBytes)
        let headers = PartnerWebhooksController.lowercasedHeaders(request.headers)
        let webhook = ProviderWebhookRequest(headers: headers, query: request.queryValues, body: body, receivedAt: clock.now())
        let outcomes: [PaymentService.WebhookEventOutcome]
        do {
            outcomes = try await payments.handleWebhook(instance: instance, request: webhook)
        } catch let deferral as WebhookDeferral {
            let eventID = try await inbox.keepDeferred(instance: instance, request: webhook, deferral: deferral)
            return (JSONBody.webhookReceipt(status: "queued", eventID: eventID), "queued")
        }
        guard let first = outcomes.first else {
            let eventID = try await inbox.keepUnhandled(instance: instance, request: webhook)
            return (JSONBody.webhookReceipt(status: "ignored", eventID: eventID), "ignored")
        }
        let status = outcomes.allSatisfy(\.duplicate) ? "duplicate" : "processed"
        return (JSONBody.webhookReceipt(status: status, eventID: first.eventID), status)
    }
}
