import GRDB

/// Copies the write-ahead log back into the database file on its own connection, every
/// ``interval``, so the writer's commits never wait for a checkpoint and its fsyncs. A PASSIVE
/// checkpoint takes no lock that blocks the writer or readers; once one has caught up, SQLite
/// starts the log over at the next commit, which keeps the file's size bounded.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(200)
    /// The writer's own automatic checkpoint, as a backstop if this one falls behind (≈ 80 MB).
    static let writerFallbackPages = 20_000

    private let connection: DatabaseQueue
    private let loop: Task<Void, Never>

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        self.connection = connection
        loop = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                _ = try? await connection.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
                }
            }
        }
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
