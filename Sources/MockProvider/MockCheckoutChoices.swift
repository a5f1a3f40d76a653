import Synchronization

/// The checkout tokens whose choice is being applied on this host, so that a double-clicked
/// button applies one choice: the second request sees the first's outcome, or is told to wait.
final class MockCheckoutChoices: Sendable {
    private let claimed = Mutex<Set<String>>([])

    /// `token`, now claimed, or `nil` when another request holds it.
    func claim(_ token: String) -> String? {
        claimed.withLock { $0.insert(token).inserted ? token : nil }
    }

    func release(_ token: String) {
        _ = claimed.withLock { $0.remove(token) }
    }
}
