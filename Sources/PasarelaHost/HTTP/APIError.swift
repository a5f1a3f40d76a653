import Foundation
import HTTPTypes
import Hummingbird
import Logging
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
        self.init(HTTPResponse.Status(code: error.code.httpStatus), code: error.code.rawValue, error.message)
    }

    /// The answer for anything a webhook or API route throws. Unexpected errors are logged and
    /// become a 500 without details; bad input never takes that branch.
    init(answering error: any Error, logger: Logger) {
        switch error {
        case let error as APIError:
            self = error
        case let error as PasarelaError:
            if error.code == .configuration {
                logger.error("module configuration error", metadata: ["error": "\(error.message)"])
            }
            self.init(error)
        case is InboxOverloaded:
            self.init(.serviceUnavailable, code: "overloaded", "too many webhooks are waiting to be stored; retry later")
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            self.init(.internalServerError, code: "internal_error", "an internal error occurred")
        }
    }

    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", "the body exceeds \(limit) bytes")
    }

    static func malformedJSON(_ error: JSONParseError) -> APIError {
        APIError(.badRequest, code: "malformed_json", "the body is not valid JSON: \(error)")
    }

    static let unauthorized = APIError(.unauthorized, code: "unauthorized", "a valid Authorization: Bearer <admin token> header is required")

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.response(status: status, bytes: body)
    }

    /// `{"error": {"code", "message"}}`.
    var body: [UInt8] {
        Array(JSONValue.object(["error": .object(["code": .string(code), "message": .string(message)])]).serialized().utf8)
    }
}
