import GRDB

/// Copies the write-ahead log back into the database file on its own connection, every
/// ``interval``, so the writer's commits never wait for a checkpoint and its fsyncs. A PASSIVE
/// checkpoint takes no lock that blocks the writer or readers.
///
/// Under steady load the writer commits during every checkpoint, so a passive one never catches
/// up with the end of the log and SQLite never starts the log over: the file grows, and past the
/// writer's own threshold every commit waits for a checkpoint — the tail latency seen at 25,000
/// webhooks/s. So once the log passes ``restartFrames``, a RESTART checkpoint runs on the writer
/// itself, between two of its transactions (from another connection it would race the writer for
/// its lock): it copies the few frames the last passive one left, and the log starts over.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(200)
    /// The log size (frames of one page, ≈ 16 MB) beyond which the log is started over.
    static let restartFrames = 4_096
    /// How long a RESTART checkpoint waits for readers before trying again at the next interval.
    static let restartPatienceMilliseconds = 50
    /// The writer's own automatic checkpoint, as a backstop if this one falls behind (≈ 80 MB).
    static let writerFallbackPages = 20_000

    private let connection: DatabaseQueue
    private let loop: Task<Void, Never>

    /// - Parameters:
    ///   - writer: the connection whose log this is, for the RESTART checkpoints.
    ///   - configuration: the settings of the database's other connections, which this one shares.
    init(
        path: String, writer: any DatabaseWriter, configuration: Configuration = SQLiteStorage.connectionConfiguration(synchronous: .full),
        interval: Duration = interval, restartFrames: Int = restartFrames
    ) throws {
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        self.connection = connection
        loop = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let logFrames = try? await connection.writeWithoutTransaction { db in
                    try db.checkpoint(.passive).walFrameCount
                }
                if let logFrames, logFrames > restartFrames {
                    _ = try? await writer.writeWithoutTransaction { db in try Self.restart(db) }
                }
            }
        }
    }

    /// A RESTART checkpoint that gives up at once if a reader holds the log, rather than holding
    /// the writer (and every commit behind it) for as long as the slowest read.
    private static func restart(_ db: Database) throws {
        try db.execute(sql: "PRAGMA busy_timeout = \(restartPatienceMilliseconds)")
        defer { try? db.execute(sql: "PRAGMA busy_timeout = \(SQLiteStorage.busyTimeoutMilliseconds)") }
        try db.checkpoint(.restart)
    }

    deinit {
        loop.cancel()
    }

    /// Stops checkpointing and closes the connection (the writer's close checkpoints the rest).
    func stop() async {
        loop.cancel()
        await loop.value
        try? connection.close()
    }
}
