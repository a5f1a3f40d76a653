/// Wakes the inbox dispatcher when something new is stored for the handlers. Made before the
/// dispatcher, so that what stores inbox events (payments) and what the dispatcher runs (the
/// provider-webhook retrier, which needs payments) can be wired in either order.
final class InboxWakeup: Sendable {
    let signals: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the dispatcher to look for new events now.
    @Sendable func wake() {
        continuation.yield()
    }
}
