/// The columns of partner delivery controls, the same on both backends: a partner's own delivery
/// headers, and the pack emissions a handler run skipped because their partner does not take them.
enum PartnerControlsSchema {
    static let statements = [
        // A JSON object of header names to values; each value sealed like a secret when secrets.key is set.
        "ALTER TABLE partners ADD COLUMN headers TEXT",
        // A JSON array of {partner_id, event_type, reason}; NULL when nothing was skipped.
        "ALTER TABLE inbox_handler_runs ADD COLUMN skipped TEXT",
    ]
}
