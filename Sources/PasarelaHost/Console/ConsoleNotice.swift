/// What the last console action did, carried by a redirect as `?notice=` (a fixed word, never
/// text from the request, so nothing can be injected into a page through it).
enum ConsoleNotice: String {
    case signedOut = "signed-out"
    case refunded
    case retried
    case requeued
    case enabled
    case disabled
    case sent

    /// The notice of a page's `notice` and `count` query parameters.
    static func message(_ word: Substring?, count: Substring?) -> String? {
        guard let word, let notice = ConsoleNotice(rawValue: String(word)) else { return nil }
        switch notice {
        case .signedOut: return "Signed out."
        case .refunded: return "Refund requested."
        case .retried: return "Queued to be sent again now."
        case .requeued: return "\(count.flatMap { Int($0) } ?? 0) failed deliveries queued to be sent again."
        case .enabled: return "Partner enabled: its deliveries resume."
        case .disabled: return "Partner disabled: its deliveries wait."
        case .sent: return "Test event queued."
        }
    }
}
