/// The payment columns of hosted checkout, the same on both backends (only the time type differs):
/// the next action, and an index of the checkouts that wait for their expiry.
enum CheckoutSchema {
    static func statements(timeType: String) -> [String] {
        [
            "ALTER TABLE payments ADD COLUMN next_action_type TEXT",
            "ALTER TABLE payments ADD COLUMN next_action_url TEXT",
            "ALTER TABLE payments ADD COLUMN next_action_expires_at \(timeType)",
            "ALTER TABLE payments ADD COLUMN next_action_client_secret TEXT",
            // Only payments waiting for their customer are in it: the expiry sweep reads a few rows.
            """
            CREATE INDEX payments_awaiting_action ON payments (next_action_expires_at)
            WHERE status = 'requires_action' AND next_action_expires_at IS NOT NULL
            """,
        ]
    }
}
