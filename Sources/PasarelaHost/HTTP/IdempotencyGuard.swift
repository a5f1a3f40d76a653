import Crypto
import HTTPTypes
import Hummingbird
import PasarelaKit

/// Honours the `Idempotency-Key` header: the same key with the same body gets the stored
/// response without running again; the same key with another body is a 409.
struct IdempotencyGuard: Sendable {
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    let storage: any IdempotencyStore
    let clock: any WallClock

    /// The request's key, checked for length.
    static func key(of request: Request) throws -> String? {
        guard let key = request.headers[header] else { return nil }
        guard (1...255).contains(key.utf8.count) else {
            throw APIError(.unprocessableContent, code: "invalid_request", "Idempotency-Key: must be 1 to 255 bytes")
        }
        return key
    }

    /// Runs `work` once per key and body within `scope`, replaying its stored response after.
    func run(
        scope: String, key: String?, body: JSONValue,
        _ work: () async throws -> (status: HTTPResponse.Status, bytes: [UInt8])
    ) async throws -> Response {
        guard let key else {
            let result = try await work()
            return JSONBody.response(status: result.status, bytes: result.bytes)
        }
        let scopedKey = IdempotencyKey(scope: scope, key: key)
        let hash = Array(SHA256.hash(data: Array(body.serialized().utf8))).hexString
        switch try await storage.reserveIdempotencyKey(scopedKey, requestHash: hash, now: clock.now()) {
        case .completed(let stored):
            return JSONBody.response(
                status: HTTPResponse.Status(code: stored.status), bytes: stored.body,
                extraHeaders: [Self.replayedHeader: "true"])
        case .mismatch:
            throw APIError(.conflict, code: "idempotency_conflict", "this Idempotency-Key was used with a different request body")
        case .inProgress:
            throw APIError(.conflict, code: "idempotency_conflict", "a request with this Idempotency-Key is still in progress")
        case .reserved:
            do {
                let result = try await work()
                try await storage.completeIdempotencyKey(scopedKey, response: StoredResponse(status: result.status.code, body: result.bytes))
                return JSONBody.response(status: result.status, bytes: result.bytes)
            } catch {
                try? await storage.releaseIdempotencyKey(scopedKey)
                throw error
            }
        }
    }
}

extension IdempotencyGuard {
    /// Refunds `paymentID` as `body` asks, once per idempotency `key` and body: the admin API's
    /// `POST /payments/{id}/refunds` and the console's refund form share the one scope.
    func refund(paymentID id: String, body: JSONValue, key: String?, payments: PaymentService) async throws -> Response {
        let input = try RefundInput(json: body)
        return try await run(scope: "POST /payments/\(id)/refunds", key: key, body: body) {
            let refund = try await payments.refund(paymentID: id, input: input, idempotencyKey: key)
            return (.created, try JSONBody.encode(RefundResource(refund: refund)))
        }
    }
}
