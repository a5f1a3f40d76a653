import Synchronization

/// Waits for an operation at most a given time, even one that ignores cancellation (PostgresNIO's
/// queries do): probes such as `/readyz` and `/metrics` must answer while a database hangs.
enum Deadline {
    /// The operation took longer than allowed.
    struct Exceeded: Error, CustomStringConvertible {
        var description: String { "no answer in time" }
    }

    /// The result of `operation`, or ``Exceeded`` after `limit`; the operation is cancelled and
    /// left to finish on its own.
    static func wait<Value: Sendable>(_ limit: Duration, for operation: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        let first = FirstAnswer()
        return try await withCheckedThrowingContinuation { continuation in
            let work = Task {
                let result: Result<Value, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                if first.claim() { continuation.resume(with: result) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if first.claim() {
                    continuation.resume(throwing: Exceeded())
                    work.cancel()
                }
            }
        }
    }

    /// Lets exactly one of the racers answer.
    private final class FirstAnswer: Sendable {
        private let answered = Mutex(false)

        /// `true` for the first caller only.
        func claim() -> Bool {
            answered.withLock { answered in
                defer { answered = true }
                return !answered
            }
        }
    }
}
