import Foundation
import PostgresNIO

extension PostgresStorage {
    public func setPartnerStatus(id: String, status: PartnerStatus, reason: String?) async throws -> Bool {
        let kept = status == .enabled ? nil : reason
        return try await withConnection { connection in
            try await connection.rows(
                """
                UPDATE partners SET status = \(status.rawValue), disabled_reason = \(kept),
                    failing_since = CASE WHEN \(status.rawValue) = 'enabled' THEN NULL ELSE failing_since END
                WHERE id = \(id) RETURNING id
                """, logger: logger
            ).count == 1
        }
    }

    /// One transaction: of several hosts noting failures at once, the conditional update lets
    /// exactly one see the partner go from enabled to disabled, and store its announcements.
    public func notePartnerFailure(
        id: String, at: Date, disableIfFailingSince cutoff: Date?, reason: String, announcements: [Delivery]
    ) async throws -> Bool {
        try await withTransaction { connection in
            try await connection.run(
                "UPDATE partners SET failing_since = COALESCE(failing_since, \(Self.micros(at))) WHERE id = \(id)", logger: logger)
            guard let cutoff else { return false }
            let disabled = try await connection.rows(
                """
                UPDATE partners SET status = 'disabled', disabled_reason = \(reason)
                WHERE id = \(id) AND status = 'enabled' AND failing_since <= \(Self.micros(cutoff))
                RETURNING id
                """, logger: logger
            ).count == 1
            if disabled { try await Self.insert(announcements, on: connection, logger: logger) }
            return disabled
        }
    }

    public func notePartnerSuccess(id: String) async throws {
        try await withConnection { connection in
            try await connection.run(
                "UPDATE partners SET failing_since = NULL WHERE id = \(id) AND failing_since IS NOT NULL", logger: logger)
        }
    }

    public func deliveryControls() async throws -> DeliveryControls {
        try await withConnection { connection in
            DeliveryControls(
                rows: try await connection.rows(PostgresQuery(unsafeSQL: DeliveryControls.sql), logger: logger).map { row in
                    (
                        try row.value("id", as: String.self), try row.value("status", as: String.self),
                        try row.value("ordering", as: String.self), try row.value("rate_limit_per_second", as: Int?.self)
                    )
                })
        }
    }

    /// One statement: of several hosts reserving at once, each gets its own slot.
    public func reserveSendSlot(partnerID id: String, spacing: TimeInterval, now: Date) async throws -> Date {
        let step = Int64((spacing * 1_000_000).rounded())
        return try await withConnection { connection in
            let rows = try await connection.rows(
                """
                UPDATE partners SET next_send_at = GREATEST(COALESCE(next_send_at, 0), \(Self.micros(now))) + \(step)
                WHERE id = \(id) RETURNING next_send_at - \(step) AS slot
                """, logger: logger)
            return try rows.first.map { Self.date(try $0.value("slot", as: Int64.self)) } ?? now
        }
    }
}
