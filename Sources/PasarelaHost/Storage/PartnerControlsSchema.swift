/// The columns of partner delivery controls, the same on both backends (only the time type
/// differs): a partner's own delivery headers, whether it is on the event bus, its status and how long its deliveries have been
/// failing, and the pack emissions a handler run skipped because their partner does not take them.
enum PartnerControlsSchema {
    static func statements(timeType: String, booleanFalse: String) -> [String] { [
        // A JSON object of header names to values; each value sealed like a secret when secrets.key is set.
        "ALTER TABLE partners ADD COLUMN headers TEXT",
        // A JSON array of {partner_id, event_type, reason}; NULL when nothing was skipped.
        "ALTER TABLE inbox_handler_runs ADD COLUMN skipped TEXT",
        "ALTER TABLE partners ADD COLUMN status TEXT NOT NULL DEFAULT 'enabled'",
        "ALTER TABLE partners ADD COLUMN disabled_reason TEXT",
        // When the partner's current run of failed attempts began; NULL after a success.
        "ALTER TABLE partners ADD COLUMN failing_since \(timeType)",
        // Whether the partner gets a copy of every event the host handles (the event bus).
        "ALTER TABLE partners ADD COLUMN event_bus \(booleanFalse)",
        // Delivery pacing: at most this many attempts a second across hosts (NULL: no limit), and
        // the time before which no further attempt may start (the next free slot).
        "ALTER TABLE partners ADD COLUMN rate_limit_per_second INTEGER",
        "ALTER TABLE partners ADD COLUMN next_send_at \(timeType)",
        // `none` or `fifo` (one delivery in flight, in creation order).
        "ALTER TABLE partners ADD COLUMN ordering TEXT NOT NULL DEFAULT 'none'",
        // A fifo partner's oldest pending delivery, found without walking its backlog.
        "CREATE INDEX deliveries_pending_in_order ON deliveries (partner_id, created_at, id) WHERE status = 'pending'",
    ] }
}
