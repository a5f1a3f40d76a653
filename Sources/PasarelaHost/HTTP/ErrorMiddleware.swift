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
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as PasarelaError {
            if error.code == .configuration {
                context.logger.error("module configuration error", metadata: ["error": "\(error.message)"])
            }
            return try APIError(error).response(from: request, context: context)
        } catch is InboxOverloaded {
            return try APIError(.serviceUnavailable, code: "overloaded", "too many webhooks are waiting to be stored; retry later")
                .response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let code = error.status.code == 404 ? "not_found" : "http_\(error.status.code)"
            let message = error.status.code == 404 ? "no route for \(request.method) \(request.uri.path)" : error.status.reasonPhrase
            return try APIError(error.status, code: code, message).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return try APIError(.internalServerError, code: "internal_error", "an internal error occurred")
                .response(from: request, context: context)
        }
    }
}
