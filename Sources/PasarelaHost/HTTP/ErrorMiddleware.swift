import HTTPTypes
import Hummingbird
import Logging
import PasarelaKit

/// Turns every error into the API's JSON error body. Unexpected errors become a 500 without
/// details (they are logged); bad input never reaches that branch.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where !(error is APIError) {
            let code = error.status.code == 404 ? "not_found" : "http_\(error.status.code)"
            let message = error.status.code == 404 ? "no route for \(request.method) \(request.uri.path)" : error.status.reasonPhrase
            return try APIError(error.status, code: code, message).response(from: request, context: context)
        } catch {
            return try APIError(answering: error, logger: context.logger).response(from: request, context: context)
        }
    }
}
