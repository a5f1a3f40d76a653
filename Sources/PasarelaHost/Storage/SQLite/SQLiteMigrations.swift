import GRDB

/// The SQLite schema, as numbered migrations. A migration, once released, never changes.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: payments, refunds, events, provider events, idempotency, settings, module values") { db in
            try db.execute(
                sql: """
                    CREATE TABLE payments (
                        id TEXT PRIMARY KEY,
                        instance TEXT NOT NULL,
                        provider_payment_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        amount_minor INTEGER NOT NULL,
                        currency TEXT NOT NULL,
                        refunded_minor INTEGER NOT NULL DEFAULT 0,
                        description TEXT,
                        metadata TEXT NOT NULL,
                        customer_email TEXT,
                        customer_name TEXT,
                        failure_code TEXT,
                        failure_message TEXT,
                        provider_status TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (instance, provider_payment_id)
                    );
                    CREATE TABLE refunds (
                        id TEXT PRIMARY KEY,
                        payment_id TEXT NOT NULL REFERENCES payments(id),
                        provider_refund_id TEXT NOT NULL,
                        amount_minor INTEGER NOT NULL,
                        currency TEXT NOT NULL,
                        status TEXT NOT NULL,
                        reason TEXT,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX refunds_by_payment ON refunds (payment_id);
                    CREATE TABLE payment_events (
                        id TEXT PRIMARY KEY,
                        payment_id TEXT NOT NULL REFERENCES payments(id),
                        type TEXT NOT NULL,
                        status TEXT NOT NULL,
                        previous_status TEXT,
                        source TEXT NOT NULL,
                        provider_event_id TEXT,
                        occurred_at INTEGER NOT NULL
                    );
                    CREATE INDEX payment_events_by_payment ON payment_events (payment_id);
                    CREATE TABLE provider_events (
                        instance TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        type TEXT NOT NULL,
                        provider_payment_id TEXT NOT NULL,
                        payment_id TEXT,
                        received_at INTEGER NOT NULL,
                        PRIMARY KEY (instance, event_id)
                    );
                    CREATE TABLE idempotency_keys (
                        scope TEXT NOT NULL,
                        key TEXT NOT NULL,
                        request_hash TEXT NOT NULL,
                        response_status INTEGER,
                        response_body BLOB,
                        created_at INTEGER NOT NULL,
                        PRIMARY KEY (scope, key)
                    );
                    CREATE TABLE settings (
                        name TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE module_values (
                        scope TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value BLOB NOT NULL,
                        PRIMARY KEY (scope, key)
                    );
                    """)
        }
        migrator.registerMigration("v2: partners and the inbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE partners (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        webhook_url TEXT NOT NULL,
                        contact_email TEXT,
                        scheme TEXT NOT NULL,
                        events TEXT NOT NULL,
                        secret TEXT NOT NULL,
                        previous_secret TEXT,
                        previous_secret_expires_at INTEGER,
                        api_key_hash TEXT,
                        origin TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE TABLE inbox (
                        id TEXT PRIMARY KEY,
                        partner_id TEXT NOT NULL,
                        dedupe_key TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        partner_event_id TEXT,
                        body BLOB NOT NULL,
                        status TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        UNIQUE (partner_id, dedupe_key)
                    );
                    CREATE INDEX inbox_by_partner ON inbox (partner_id, id);
                    """)
        }
        migrator.registerMigration("v3: the outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE deliveries (
                        id TEXT PRIMARY KEY,
                        partner_id TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        body BLOB NOT NULL,
                        status TEXT NOT NULL,
                        attempt_count INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER,
                        lease_until INTEGER,
                        last_status_code INTEGER,
                        last_error TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
                    CREATE INDEX deliveries_by_partner ON deliveries (partner_id, id);
                    CREATE TABLE delivery_attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        delivery_id TEXT NOT NULL REFERENCES deliveries(id),
                        at INTEGER NOT NULL,
                        status_code INTEGER,
                        duration_ms INTEGER NOT NULL,
                        error TEXT,
                        response_body TEXT
                    );
                    CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, id);
                    CREATE INDEX partners_by_api_key ON partners (api_key_hash);
                    """)
        }
        migrator.registerMigration("v4: inbox handler runs") { db in
            try db.execute(
                sql: """
                    ALTER TABLE inbox ADD COLUMN next_attempt_at INTEGER;
                    UPDATE inbox SET next_attempt_at = received_at WHERE status = 'received';
                    CREATE INDEX inbox_due ON inbox (status, next_attempt_at);
                    CREATE TABLE inbox_handler_runs (
                        event_id TEXT NOT NULL REFERENCES inbox(id),
                        handler TEXT NOT NULL,
                        succeeded INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        last_error TEXT,
                        PRIMARY KEY (event_id, handler)
                    );
                    """)
        }
        migrator.registerMigration("v5: index only the inbox events still due") { db in
            // Most events are settled when stored (no handler wants them) and never due again:
            // keeping them out of the index saves a B-tree write per inbound webhook.
            try db.execute(
                sql: """
                    DROP INDEX inbox_due;
                    CREATE INDEX inbox_due ON inbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v6: pending deliveries by partner and due time") { db in
            // A claim reads a few due deliveries per partner from here, whatever the backlog.
            try db.execute(sql: DeliveryClaim.indexDefinition)
        }
        migrator.registerMigration("v7: a payment's next action (hosted checkout)") { db in
            for statement in CheckoutSchema.statements(timeType: "INTEGER") { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v8: partner delivery headers and status, skipped pack emissions") { db in
            for statement in PartnerControlsSchema.statements(timeType: "INTEGER", booleanFalse: "INTEGER NOT NULL DEFAULT 0") { try db.execute(sql: statement) }
        }
        return migrator
    }
}
