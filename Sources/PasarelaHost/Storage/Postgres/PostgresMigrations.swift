import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations: the same tables, columns and indexes as
/// ``SQLiteMigrations``, step for step. A migration, once released, never changes.
///
/// Times are BIGINT microseconds and every text column compares bytewise (`COLLATE "C"`), as in
/// SQLite, so ids, cursors and key prefixes order the same on both backends.
enum PostgresMigrations {
    /// One migration: its identifier and its statements (one each: the extended protocol takes no batches).
    typealias Migration = (identifier: String, statements: [String])

    /// The advisory lock held while migrating, so hosts starting together migrate one at a time.
    static let lockKey: Int64 = 0x7061_7361_7265_6C61  // "pasarela"

    static let all: [Migration] = [
        (
            "v1: payments, refunds, events, provider events, idempotency, settings, module values",
            [
                """
                CREATE TABLE payments (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    instance TEXT COLLATE "C" NOT NULL,
                    provider_payment_id TEXT COLLATE "C" NOT NULL,
                    status TEXT COLLATE "C" NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    currency TEXT COLLATE "C" NOT NULL,
                    refunded_minor BIGINT NOT NULL DEFAULT 0,
                    description TEXT,
                    metadata TEXT NOT NULL,
                    customer_email TEXT,
                    customer_name TEXT,
                    failure_code TEXT,
                    failure_message TEXT,
                    provider_status TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    UNIQUE (instance, provider_payment_id)
                )
                """,
                """
                CREATE TABLE refunds (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    payment_id TEXT COLLATE "C" NOT NULL REFERENCES payments(id),
                    provider_refund_id TEXT NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    status TEXT NOT NULL,
                    reason TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX refunds_by_payment ON refunds (payment_id)",
                """
                CREATE TABLE payment_events (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    payment_id TEXT COLLATE "C" NOT NULL REFERENCES payments(id),
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    previous_status TEXT,
                    source TEXT NOT NULL,
                    provider_event_id TEXT,
                    occurred_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX payment_events_by_payment ON payment_events (payment_id)",
                """
                CREATE TABLE provider_events (
                    instance TEXT COLLATE "C" NOT NULL,
                    event_id TEXT COLLATE "C" NOT NULL,
                    type TEXT NOT NULL,
                    provider_payment_id TEXT NOT NULL,
                    payment_id TEXT,
                    received_at BIGINT NOT NULL,
                    PRIMARY KEY (instance, event_id)
                )
                """,
                """
                CREATE TABLE idempotency_keys (
                    scope TEXT COLLATE "C" NOT NULL,
                    key TEXT COLLATE "C" NOT NULL,
                    request_hash TEXT NOT NULL,
                    response_status BIGINT,
                    response_body BYTEA,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (scope, key)
                )
                """,
                """
                CREATE TABLE settings (
                    name TEXT COLLATE "C" PRIMARY KEY,
                    value TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE module_values (
                    scope TEXT COLLATE "C" NOT NULL,
                    key TEXT COLLATE "C" NOT NULL,
                    value BYTEA NOT NULL,
                    PRIMARY KEY (scope, key)
                )
                """,
            ]
        ),
        (
            "v2: partners and the inbox",
            [
                """
                CREATE TABLE partners (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT NOT NULL,
                    webhook_url TEXT NOT NULL,
                    contact_email TEXT,
                    scheme TEXT NOT NULL,
                    events TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    previous_secret TEXT,
                    previous_secret_expires_at BIGINT,
                    api_key_hash TEXT COLLATE "C",
                    origin TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE inbox (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    partner_id TEXT COLLATE "C" NOT NULL,
                    dedupe_key TEXT COLLATE "C" NOT NULL,
                    event_type TEXT COLLATE "C" NOT NULL,
                    partner_event_id TEXT,
                    body BYTEA NOT NULL,
                    status TEXT NOT NULL,
                    received_at BIGINT NOT NULL,
                    UNIQUE (partner_id, dedupe_key)
                )
                """,
                "CREATE INDEX inbox_by_partner ON inbox (partner_id, id)",
            ]
        ),
        (
            "v3: the outbox",
            [
                """
                CREATE TABLE deliveries (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    partner_id TEXT COLLATE "C" NOT NULL,
                    event_id TEXT COLLATE "C" NOT NULL,
                    event_type TEXT NOT NULL,
                    body BYTEA NOT NULL,
                    status TEXT COLLATE "C" NOT NULL,
                    attempt_count BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT,
                    lease_until BIGINT,
                    last_status_code BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)",
                "CREATE INDEX deliveries_by_partner ON deliveries (partner_id, id)",
                """
                CREATE TABLE delivery_attempts (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    delivery_id TEXT COLLATE "C" NOT NULL REFERENCES deliveries(id),
                    at BIGINT NOT NULL,
                    status_code BIGINT,
                    duration_ms BIGINT NOT NULL,
                    error TEXT,
                    response_body TEXT
                )
                """,
                "CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, id)",
                "CREATE INDEX partners_by_api_key ON partners (api_key_hash)",
            ]
        ),
        (
            "v4: inbox handler runs",
            [
                "ALTER TABLE inbox ADD COLUMN next_attempt_at BIGINT",
                "UPDATE inbox SET next_attempt_at = received_at WHERE status = 'received'",
                "CREATE INDEX inbox_due ON inbox (status, next_attempt_at)",
                """
                CREATE TABLE inbox_handler_runs (
                    event_id TEXT COLLATE "C" NOT NULL REFERENCES inbox(id),
                    handler TEXT COLLATE "C" NOT NULL,
                    succeeded BOOLEAN NOT NULL,
                    attempts BIGINT NOT NULL,
                    last_error TEXT,
                    PRIMARY KEY (event_id, handler)
                )
                """,
            ]
        ),
        (
            "v5: index only the inbox events still due",
            [
                "DROP INDEX inbox_due",
                "CREATE INDEX inbox_due ON inbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL",
            ]
        ),
        ("v6: pending deliveries by partner and due time", [DeliveryClaim.indexDefinition]),
        ("v7: a payment's next action (hosted checkout)", CheckoutSchema.statements(timeType: "BIGINT")),
        ("v8: partner delivery headers and status, skipped pack emissions", PartnerControlsSchema.statements(timeType: "BIGINT", booleanFalse: "BOOLEAN NOT NULL DEFAULT FALSE")),
    ]

    /// Runs the migrations `connection`'s database lacks, each in its own transaction, while holding
    /// the advisory lock: a host that starts beside another waits for it, then finds nothing to do.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            try await connection.run(
                "CREATE TABLE IF NOT EXISTS pasarela_migrations (identifier TEXT COLLATE \"C\" PRIMARY KEY, applied_at BIGINT NOT NULL)",
                logger: logger)
            let applied = Set(
                try await connection.rows("SELECT identifier FROM pasarela_migrations", logger: logger).map {
                    try $0.value("identifier", as: String.self)
                })
            for migration in all where !applied.contains(migration.identifier) {
                try await connection.run("BEGIN", logger: logger)
                do {
                    for statement in migration.statements {
                        try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.run(
                        """
                        INSERT INTO pasarela_migrations (identifier, applied_at)
                        VALUES (\(migration.identifier), \(PostgresStorage.micros(.now)))
                        """, logger: logger)
                    try await connection.run("COMMIT", logger: logger)
                } catch {
                    try? await connection.run("ROLLBACK", logger: logger)
                    throw error
                }
                logger.info("storage migrated", metadata: ["migration": "\(migration.identifier)"])
            }
        } catch {
            try? await connection.run("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
        try await connection.run("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }
}
