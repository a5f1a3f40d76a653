import Crypto
import HTTPTypes
import Hummingbird
import PasarelaKit

/// Lets a request through only with `Authorization: Bearer <admin token>`.
struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// SHA-256 of the admin token; the token itself is not kept.
    let tokenHash: [UInt8]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.count > 7,
            header.prefix(7).lowercased() == "bearer "
        else {
            throw APIError.unauthorized
        }
        let presented = Array(SHA256.hash(data: Array(header.dropFirst(7).utf8)))
        guard HMACSHA256.constantTimeEquals(presented, tokenHash) else { throw APIError.unauthorized }
        return try await next(request, context)
    }
}
