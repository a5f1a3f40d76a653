import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PasarelaKit

/// The operator console (`/console`): server-rendered pages over the same services as the admin
/// API. See `docs/console.md`.
struct ConsoleController: Sendable {
    let sessions: ConsoleSessions
    /// SHA-256 of the admin token, which signs an operator in.
    let adminTokenHash: [UInt8]
    /// Whether the session cookie is `Secure` (the host is reached over TLS).
    let secureCookie: Bool
    let storage: any PasarelaStorage
    let payments: PaymentService
    let idempotency: IdempotencyGuard
    let partners: PartnerService
    let outbox: OutboxService
    /// The event catalog, as `GET /event-types` lists it.
    let catalog: [JSONValue]
    let clock: any WallClock
    let wake: @Sendable () -> Void

    /// Adds the sign-in routes and the stylesheet to `open`, everything else to `signedIn`.
    func addRoutes(open: some RouterMethods<AppRequestContext>, signedIn: some RouterMethods<AppRequestContext>) {
        open.get("sign-in", use: signInPage)
        open.post("sign-in", use: signIn)
        open.get("assets/console.css", use: stylesheet)
        // Any other console path: an HTML 404 with the console's headers, not the API's JSON one.
        open.get("**", use: notFound)
        open.post("**", use: notFound)
        signedIn.get(use: overview)
        signedIn.post("sign-out", use: signOut)
        addPaymentRoutes(to: signedIn)
        addPartnerRoutes(to: signedIn)
        addDeliveryRoutes(to: signedIn)
        addEventRoutes(to: signedIn)
    }

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let notice = ConsoleNotice.message(request.uri.queryParameters["notice"], count: nil)
        return Self.signInForm(notice: notice).response(session: nil)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await ConsoleForm.of(&request)
        guard let token = form["token"], HMACSHA256.constantTimeEquals(Array(SHA256.hash(data: Array(token.utf8))), adminTokenHash)
        else {
            var page = Self.signInForm(notice: nil)
            page.status = .unauthorized
            page.body = "<p class=\"error\">That is not the admin token.</p>" + page.body
            return page.response(session: nil)
        }
        let session = try await sessions.open()
        var response = ConsolePage.redirect(to: "/console")
        response.setCookie(
            Cookie(
                name: ConsoleSessions.cookieName, value: session.id, maxAge: Int(ConsoleSessions.lifetime), path: "/console",
                secure: secureCookie, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.consoleSession { try await sessions.close(session) }
        var response = ConsolePage.redirect(to: "/console/sign-in?notice=\(ConsoleNotice.signedOut.rawValue)")
        response.setCookie(
            Cookie(
                name: ConsoleSessions.cookieName, value: "", maxAge: 0, path: "/console", secure: secureCookie, httpOnly: true,
                sameSite: .strict))
        return response
    }

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: ConsoleStylesheet.css)))
    }

    @Sendable func notFound(_ request: Request, context: AppRequestContext) async throws -> Response {
        throw PasarelaError(.notFound, "no console page \(request.uri.path)")
    }

    private static func signInForm(notice: String?) -> ConsolePage {
        let form = """
            <form method="post" action="/console/sign-in" class="sign-in">\
            <label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>\
            <button type="submit">Sign in</button></form>
            """
        return ConsolePage(title: "Sign in", body: form, notice: notice)
    }

    /// The notice a page shows after a redirect from an action.
    static func notice(of request: Request) -> String? {
        ConsoleNotice.message(request.uri.queryParameters["notice"], count: request.uri.queryParameters["count"])
    }

    /// The form of a signed-in post, as ``ConsoleGuard`` read it.
    static func form(_ context: AppRequestContext) throws -> ConsoleForm {
        guard let form = context.consoleForm else { throw PasarelaError(.invalidRequest, "this action takes a form") }
        return form
    }

    /// A list filter's value from the query string; empty (the form's "any") is none.
    static func filterValue(_ parameters: Parameters, _ name: String) -> String? {
        parameters[Substring(name)].flatMap { $0.isEmpty ? nil : String($0) }
    }

    /// The session of a signed-in route (set by ``ConsoleGuard``).
    static func session(_ context: AppRequestContext) throws -> ConsoleSession {
        guard let session = context.consoleSession else {
            throw APIError(.unauthorized, code: "unauthorized", "sign in to the console first")
        }
        return session
    }
}
