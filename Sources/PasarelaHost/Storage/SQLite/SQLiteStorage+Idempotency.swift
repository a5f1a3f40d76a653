import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
    public func reserveIdempotencyKey(_ key: IdempotencyKey, requestHash: String, now: Date) async throws
        -> IdempotencyReservation
    {
        try await writer.write { db in
            let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?", arguments: [key.scope, key.key])
            if let existing {
                let storedHash: String = existing["request_hash"]
                guard storedHash == requestHash else { return .mismatch }
                if let status: Int = existing["response_status"] {
                    let body: Data = existing["response_body"] ?? Data()
                    return .completed(StoredResponse(status: status, body: Array(body)))
                }
                let createdAt: Int64 = existing["created_at"]
                guard Self.micros(now) - createdAt > Int64(Self.idempotencyLease * 1_000_000) else { return .inProgress }
                try db.execute(
                    sql: "UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND key = ?",
                    arguments: [Self.micros(now), key.scope, key.key])
                return .reserved
            }
            try db.execute(
                sql: "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [key.scope, key.key, requestHash, Self.micros(now)])
            return .reserved
        }
    }

    public func completeIdempotencyKey(_ key: IdempotencyKey, response: StoredResponse) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE scope = ? AND key = ?",
                arguments: [response.status, Data(response.body), key.scope, key.key])
        }
    }

    public func releaseIdempotencyKey(_ key: IdempotencyKey) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response_status IS NULL",
                arguments: [key.scope, key.key])
        }
    }
}
