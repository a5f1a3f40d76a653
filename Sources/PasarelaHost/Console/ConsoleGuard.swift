import HTTPTypes
import Hummingbird
import Logging
import PasarelaKit

/// In front of every console route: sets the console's security headers on every answer, turns
/// errors into HTML pages, and (where ``requiresSession``) admits only a signed-in operator,
/// whose posts must carry the session's CSRF token.
struct ConsoleGuard: RouterMiddleware {
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
        .cacheControl: "no-store",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    let sessions: ConsoleSessions
    let requiresSession: Bool

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        var response: Response
        do {
            if requiresSession {
                context.consoleSession = try await sessions.session(cookie: request.cookies[ConsoleSessions.cookieName]?.value)
            }
            response = try await admitted(request, context: context, next: next)
        } catch {
            response = Self.errorPage(for: error, logger: context.logger).response(session: context.consoleSession)
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        return response
    }

    private func admitted(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard requiresSession else { return try await next(request, context) }
        guard let session = context.consoleSession else {
            // Signing out of a session that has ended already: nothing to end.
            guard request.method == .get || request.uri.path == "/console/sign-out" else {
                throw APIError(.unauthorized, code: "unauthorized", "your console session has ended: sign in again")
            }
            return ConsolePage.redirect(to: "/console/sign-in")
        }
        var context = context
        if request.method != .get && request.method != .head {
            var request = request
            let form = try await ConsoleForm.of(&request)
            guard session.accepts(csrfToken: form["csrf_token"]) else {
                throw APIError(.forbidden, code: "csrf", "this form is missing its CSRF token or carries another session's: reload the page")
            }
            context.consoleForm = form
        }
        return try await next(request, context)
    }

    /// The page answering `error`: its status and message; unexpected errors are logged and shown
    /// without details.
    static func errorPage(for error: any Error, logger: Logger) -> ConsolePage {
        let answer: APIError
        if let error = error as? any HTTPResponseError, !(error is APIError) {
            answer = APIError(error.status, code: "http_\(error.status.code)", error.status.reasonPhrase)
        } else {
            answer = APIError(answering: error, logger: logger)
        }
        return ConsolePage(
            title: answer.status.reasonPhrase, body: "<p class=\"error\">\(Markup.text(answer.message))</p>", status: answer.status)
    }
}
