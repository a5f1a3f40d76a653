import Crypto
import HTTPTypes
import Hummingbird
import PasarelaKit

/// Authenticates a route group: `Authorization: Bearer <admin token>` always, and a partner's
/// `X-API-Key` where ``allowsPartnerKeys`` is set. Anything else is a 401.
struct AuthMiddleware: RouterMiddleware {
    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    /// SHA-256 of the admin token; the token itself is not kept.
    let tokenHash: [UInt8]
    let partners: PartnerDirectory
    let allowsPartnerKeys: Bool

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer ",
            HMACSHA256.constantTimeEquals(Array(SHA256.hash(data: Array(header.dropFirst(7).utf8))), tokenHash)
        {
            context.principal = .admin
        } else if allowsPartnerKeys, let key = request.headers[Self.apiKeyHeader],
            let partner = try await partners.partner(apiKeyHash: PartnerService.hash(key))
        {
            context.principal = .partner(partner.id)
        } else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}
