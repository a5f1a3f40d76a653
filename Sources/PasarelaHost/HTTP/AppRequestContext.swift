import Hummingbird

/// The request context of every Pasarela route.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who the request authenticated as; set by ``AuthMiddleware``.
    var principal: Principal?
    /// The operator's console session; set by ``ConsoleGuard`` on console pages.
    var consoleSession: ConsoleSession?
    /// A console post's form, read once by ``ConsoleGuard`` (which checks its CSRF token).
    var consoleForm: ConsoleForm?

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// Who is calling an authenticated route.
enum Principal: Equatable, Sendable {
    /// The admin bearer token: everything.
    case admin
    /// A partner's `X-API-Key`: its own status and deliveries only.
    case partner(String)

    /// Whether this principal may see what belongs to `partnerID`.
    func mayAccess(partnerID: String) -> Bool {
        switch self {
        case .admin: return true
        case .partner(let own): return own == partnerID
        }
    }
}
