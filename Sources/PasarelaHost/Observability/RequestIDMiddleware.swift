import HTTPTypes
import Hummingbird

/// Gives every routed request an id: the caller's `X-Request-ID` when it is sane, else the one
/// Hummingbird generated. It goes into the request logger's metadata (`request_id`) and back
/// to the caller in the answer's `X-Request-ID`, errors included; the services' log lines carry
/// it too, through ``RequestIdentifier/current`` and ``RequestIdentifier/metadataProvider``.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = request.headers[Self.header].flatMap(RequestIdentifier.sane) ?? context.id
        context.logger[metadataKey: "request_id"] = "\(id)"
        // The services log with their own loggers; they find the id through the task.
        var response = try await RequestIdentifier.$current.withValue(id) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }
}
