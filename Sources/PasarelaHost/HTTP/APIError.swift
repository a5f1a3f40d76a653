import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PasarelaKit

/// An error answered as `{"error": {"code", "message"}}` with its HTTP status.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The API's answer for a module or host error.
    init(_ error: PasarelaError) {
        let status: HTTPResponse.Status
        switch error.code {
        case .malformedRequest: status = .badRequest
        case .invalidRequest, .unsupportedOperation: status = .unprocessableContent
        case .invalidState, .idempotencyConflict: status = .conflict
        case .invalidSignature: status = .unauthorized
        case .notFound: status = .notFound
        case .providerTimeout: status = .gatewayTimeout
        case .providerError: status = .badGateway
        default: status = .internalServerError
        }
        self.init(status, code: error.code.rawValue, error.message)
    }

    static func malformedJSON(_ error: JSONParseError) -> APIError {
        APIError(.badRequest, code: "malformed_json", "the body is not valid JSON: \(error)")
    }

    static let unauthorized = APIError(.unauthorized, code: "unauthorized", "a valid Authorization: Bearer <admin token> header is required")

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.response(status: status, bytes: Array(body.utf8))
    }

    private var body: String {
        JSONValue.object(["error": .object(["code": .string(code), "message": .string(message)])]).serialized()
    }
}
