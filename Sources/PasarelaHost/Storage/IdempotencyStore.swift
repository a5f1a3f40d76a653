import Foundation
import PasarelaKit

/// The `Idempotency-Key`s of API requests and the answers they got.
public protocol IdempotencyStore: Sendable {
    /// Claims an idempotency key for one request, or tells what an earlier request with it got.
    func reserveIdempotencyKey(_ key: IdempotencyKey, requestHash: String, now: Date) async throws -> IdempotencyReservation
    /// Records the response of the request that holds `key`.
    func completeIdempotencyKey(_ key: IdempotencyKey, response: StoredResponse) async throws
    /// Gives up a claim, so the same key may be tried again (the request failed without effect).
    func releaseIdempotencyKey(_ key: IdempotencyKey) async throws
}

extension IdempotencyStore {
    /// How long an unfinished idempotent request keeps its key before another may take it over.
    static var idempotencyLease: TimeInterval { 300 }
}
