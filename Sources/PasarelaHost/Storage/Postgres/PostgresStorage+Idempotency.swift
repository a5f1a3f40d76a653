import Foundation
import PasarelaKit
import PostgresNIO

extension PostgresStorage {
    public func reserveIdempotencyKey(_ key: IdempotencyKey, requestHash: String, now: Date) async throws
        -> IdempotencyReservation
    {
        let now = Self.micros(now)
        let lease = Int64(Self.idempotencyLease * 1_000_000)
        return try await withTransaction { connection in
            // Taken if nobody holds the key; otherwise the holder's row, locked so that a takeover of
            // an abandoned key happens once.
            while true {
                let inserted = try await connection.rows(
                    """
                    INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
                    VALUES (\(key.scope), \(key.key), \(requestHash), \(now))
                    ON CONFLICT (scope, key) DO NOTHING
                    RETURNING key
                    """, logger: logger)
                guard inserted.isEmpty else { return .reserved }
                guard
                    let existing = try await connection.rows(
                        "SELECT * FROM idempotency_keys WHERE scope = \(key.scope) AND key = \(key.key) FOR UPDATE", logger: logger
                    ).first
                else { continue }  // released in between: try to take it again
                guard try existing.value("request_hash", as: String.self) == requestHash else { return .mismatch }
                if let status = try existing.value("response_status", as: Int?.self) {
                    let body = try existing.value("response_body", as: Data?.self) ?? Data()
                    return .completed(StoredResponse(status: status, body: Array(body)))
                }
                guard now - (try existing.value("created_at", as: Int64.self)) > lease else { return .inProgress }
                try await connection.run(
                    "UPDATE idempotency_keys SET created_at = \(now) WHERE scope = \(key.scope) AND key = \(key.key)", logger: logger)
                return .reserved
            }
        }
    }

    public func completeIdempotencyKey(_ key: IdempotencyKey, response: StoredResponse) async throws {
        try await withConnection { connection in
            try await connection.run(
                """
                UPDATE idempotency_keys SET response_status = \(response.status), response_body = \(Data(response.body))
                WHERE scope = \(key.scope) AND key = \(key.key)
                """, logger: logger)
        }
    }

    public func releaseIdempotencyKey(_ key: IdempotencyKey) async throws {
        try await withConnection { connection in
            try await connection.run(
                "DELETE FROM idempotency_keys WHERE scope = \(key.scope) AND key = \(key.key) AND response_status IS NULL",
                logger: logger)
        }
    }
}
