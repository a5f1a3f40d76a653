import Logging
import PostgresNIO
import Synchronization

/// The two connection pools of a ``PostgresStorage`` and their life: queries go to ``queries``,
/// advisory locks to ``locks`` (a pool of its own, so that bodies run under a lock always find a
/// connection for their queries, however many locks are held or waited for).
///
/// The pools connect only while ``run()`` runs — as a `ServiceGroup` service, or for a while in
/// ``PasarelaStorage/whileRunning(_:)``. A query made before that waits for it. A graceful shutdown
/// ends the run and closes the pools for good; a cancelled run leaves fresh pools ready for the next
/// one (a PostgresNIO client runs only once).
final class PostgresPools: Sendable {
    private struct Pair: Sendable {
        let queries: PostgresClient
        let locks: PostgresClient
    }

    private enum State {
        case ready(Pair)
        case running(Pair)
        case closed
    }

    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let state: Mutex<State>

    /// How many advisory locks one host holds at once; more wait for a connection of their own.
    static let maximumLockConnections = 8

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        state = Mutex(.ready(Self.makePair(configuration, logger: logger)))
    }

    private static func makePair(_ configuration: PostgresClient.Configuration, logger: Logger) -> Pair {
        var lockConfiguration = configuration
        lockConfiguration.options.maximumConnections = maximumLockConnections
        return Pair(
            queries: PostgresClient(configuration: configuration, backgroundLogger: logger),
            locks: PostgresClient(configuration: lockConfiguration, backgroundLogger: logger))
    }

    /// The pool for queries, or ``StorageError/closed``.
    var queries: PostgresClient {
        get throws { try current().queries }
    }

    /// The pool for advisory locks, or ``StorageError/closed``.
    var locks: PostgresClient {
        get throws { try current().locks }
    }

    private func current() throws -> Pair {
        try state.withLock { state throws(StorageError) -> Pair in
            switch state {
            case .ready(let pair), .running(let pair): return pair
            case .closed: throw .closed
            }
        }
    }

    /// Runs both pools until a graceful shutdown (then closed) or cancellation (then ready to run again).
    func run() async throws {
        let pair = try state.withLock { state throws(StorageError) -> Pair in
            switch state {
            case .ready(let pair):
                state = .running(pair)
                return pair
            case .running: throw .alreadyRunning
            case .closed: throw .closed
            }
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await pair.queries.run() }
            group.addTask { await pair.locks.run() }
        }
        let cancelled = Task.isCancelled
        state.withLock { state in
            guard case .running = state else { return }
            state = cancelled ? .ready(Self.makePair(configuration, logger: logger)) : .closed
        }
        logger.debug("PostgreSQL pools stopped", metadata: ["reason": "\(cancelled ? "cancelled" : "graceful shutdown")"])
    }

    /// Refuses every later call; pools that run stop when their run ends. Whether they were open.
    func close() -> Bool {
        state.withLock { state in
            defer { state = .closed }
            if case .closed = state { return false }
            return true
        }
    }
}
