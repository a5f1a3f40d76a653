import Foundation
import GRDB
import Testing

@testable import PasarelaHost

@Suite("WAL checkpoints beside the writer")
struct WALCheckpointerTests {
    @Test("under writes that never pause, the log is started over instead of growing with everything written")
    func logStaysBounded() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("wal.sqlite").path
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            let writer = try DatabasePool(path: path, configuration: configuration)
            try await writer.write { db in try db.execute(sql: "CREATE TABLE blobs (data BLOB NOT NULL)") }
            let checkpointer = try WALCheckpointer(path: path, writer: writer, interval: .milliseconds(20), restartFrames: 256)
            let blob = Data(repeating: 7, count: 16_384)
            func write(transactions: Int) async throws -> Int {
                for _ in 0..<transactions {
                    try await writer.write { db in
                        for _ in 0..<5 { try db.execute(sql: "INSERT INTO blobs (data) VALUES (?)", arguments: [blob]) }
                    }
                }
                return (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            }
            // Small transactions back to back, so every passive checkpoint runs while the writer
            // commits. The log file never shrinks; what matters is that it stops growing.
            let afterWarmUp = try await write(transactions: 150)
            let atEnd = try await write(transactions: 300)  // another 24 MB
            await checkpointer.stop()
            try writer.close()
            #expect(afterWarmUp > 0)
            // Unchecked it grows by all 24 MB; on a loaded machine a restart can come late, not never.
            #expect(atEnd - afterWarmUp < 16_000_000, "the log grew from \(afterWarmUp) to \(atEnd) bytes")
        }
    }
}
