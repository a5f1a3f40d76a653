import Foundation
import HTTPTypes
import Hummingbird
import PasarelaKit

/// `GET`/`POST /checkout/{instance}/…`: the public routes an instance's module declares (the
/// mock's hosted checkout page), open to anyone. Events a route reports (a customer paid) are
/// applied to the host's payments, each once, before the answer goes out.
struct CheckoutRoutesController: Sendable {
    let payments: PaymentService
    let clock: any WallClock
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("checkout/:instance/**", use: serve)
        router.post("checkout/:instance/**", use: serve)
    }

    @Sendable func serve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let instance = try context.parameters.require("instance")
        let path = "/" + context.parameters.getCatchAll().joined(separator: "/")
        let method = PackRouteMethod(rawValue: request.method.rawValue)
        guard let provider = payments.providers.provider(instance),
            let (route, parameters) = provider.routes.lazy.compactMap({ route in
                route.method == method ? route.template.match(path: path).map { (route, $0) } : nil
            }).first
        else {
            throw PasarelaError(.notFound, "no checkout route \(request.method.rawValue) /checkout/\(instance)\(path)")
        }
        let routeRequest = ProviderRouteRequest(
            parameters: parameters, query: request.queryValues, headers: PartnerWebhooksController.lowercasedHeaders(request.headers),
            body: try await JSONBody.bytes(of: request, limit: maxBodyBytes))
        let answer = try await route.handler(routeRequest)
        if !answer.events.isEmpty {
            _ = try await payments.apply(answer.events, instance: instance, receivedAt: clock.now())
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            guard let field = HTTPField.Name(name) else { continue }
            headers[field] = value
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
