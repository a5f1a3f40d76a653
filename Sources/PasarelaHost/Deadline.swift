import NIOCore
import NIOPosix
import Synchronization

/// Waits for an operation at most a given time, even one that ignores cancellation (PostgresNIO's
/// queries do, and so does `getaddrinfo`): probes such as `/readyz` and `/metrics` must answer
/// while a database hangs, and a delivery attempt must end when its time is up.
enum Deadline {
    /// The operation took longer than allowed.
    struct Exceeded: Error, CustomStringConvertible {
        var description: String { "no answer in time" }
    }

    /// The result of `operation`, or ``Exceeded`` after `limit`, or `CancellationError` as soon as
    /// the caller is cancelled; in both latter cases the operation is cancelled and left to finish
    /// on its own.
    static func wait<Value: Sendable>(_ limit: Duration, for operation: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        let race = Race<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.wait(in: continuation)
                let work = Task {
                    do { race.answer(.success(try await operation())) } catch { race.answer(.failure(error)) }
                }
                // An event loop's timer, not a sleeping task: one task and one wake-up fewer per call
                // (a delivery attempt makes one).
                let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(limit)) {
                    race.answer(.failure(Exceeded()))
                }
                race.cancelOnAnswer([work.cancel, timer.cancel])
            }
        } onCancel: {
            race.answer(.failure(CancellationError()))
        }
    }

    /// Lets exactly one of the racers (the operation, the timer, the caller's cancellation) answer,
    /// and then cancels the others.
    private final class Race<Value: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Value, any Error>?
            /// The answer, once given.
            var answer: Result<Value, any Error>?
            /// What cancels each racer.
            var racers: [@Sendable () -> Void] = []
        }

        private let state = Mutex(State())

        /// Resumes `continuation` with the first answer, now if it was given already.
        func wait(in continuation: CheckedContinuation<Value, any Error>) {
            let early = state.withLock { state in
                if state.answer == nil { state.continuation = continuation }
                return state.answer
            }
            if let early { continuation.resume(with: early) }
        }

        /// Cancels `racers` once an answer is given (at once if it was).
        func cancelOnAnswer(_ racers: [@Sendable () -> Void]) {
            let answered = state.withLock { state in
                state.racers = racers
                return state.answer != nil
            }
            if answered { racers.forEach { $0() } }
        }

        /// The first call answers; later ones are ignored.
        func answer(_ result: Result<Value, any Error>) {
            let (continuation, racers) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, [@Sendable () -> Void]) in
                guard state.answer == nil else { return (nil, []) }
                state.answer = result
                defer { state.continuation = nil }
                return (state.continuation, state.racers)
            }
            continuation?.resume(with: result)
            racers.forEach { $0() }
        }
    }
}
