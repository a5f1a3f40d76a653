import Foundation
import PasarelaKit
import Testing

@testable import PasarelaHost

@Suite("Inbox group commit", .timeLimit(.minutes(1)))
struct InboxBatcherTests {
    static func event(_ number: Int, key: Int, status: InboxStatus = .processed) -> InboxEvent {
        InboxEvent(
            id: "evt_\(number)", partnerID: "acme", dedupeKey: "id:msg_\(key)", eventType: EventType(rawValue: "bench.event"),
            partnerEventID: nil, body: Array(#"{"n":\#(number)}"#.utf8), status: status,
            receivedAt: Date(timeIntervalSince1970: 1_767_225_600))
    }

    @Test("concurrent inserts are each answered once committed, and every repeat names the stored copy")
    func concurrentInsertsWithRepeats() async throws {
        try await withTemporaryDirectory { directory in
            let storage = try SQLiteStorage(path: directory.appendingPathComponent("inbox.sqlite").path)
            let batcher = InboxBatcher(storage: storage)
            // 600 events, each dedupe key sent twice, all at once: most land in shared transactions.
            let answers = try await withThrowingTaskGroup(of: (Int, InboxInsertion).self) { group in
                for number in 0..<600 {
                    group.addTask { (number, try await batcher.insert(Self.event(number, key: number % 300))) }
                }
                return try await group.reduce(into: [Int: InboxInsertion]()) { $0[$1.0] = $1.1 }
            }
            var storedByKey: [Int: String] = [:]
            for (number, answer) in answers where answer == .inserted { storedByKey[number % 300] = "evt_\(number)" }
            #expect(storedByKey.count == 300)
            for (number, answer) in answers {
                if case .duplicate(let first) = answer { #expect(first == storedByKey[number % 300]) }
            }
            let stored = try await storage.inboxEvents(InboxQuery(.init(partnerID: "acme"), limit: 1000))
            #expect(Set(stored.map(\.id)) == Set(storedByKey.values))
            try await storage.close()
        }
    }

    @Test("a store that cannot write fails each waiting insert instead of leaving it hanging")
    func closedStorageFailsEveryInsert() async throws {
        try await withTemporaryDirectory { directory in
            let storage = try SQLiteStorage(path: directory.appendingPathComponent("inbox.sqlite").path)
            try await storage.close()
            let batcher = InboxBatcher(storage: storage)
            let failures = await withTaskGroup(of: Bool.self) { group in
                for number in 0..<50 {
                    group.addTask {
                        do {
                            _ = try await batcher.insert(Self.event(number, key: number))
                            return false
                        } catch {
                            return error is StorageError
                        }
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(failures == 50)
        }
    }

    @Test("one event that cannot be written fails alone; the others in its group are stored")
    func oneBadEventInAGroup() async throws {
        try await withTemporaryDirectory { directory in
            let storage = try SQLiteStorage(path: directory.appendingPathComponent("inbox.sqlite").path)
            let batcher = InboxBatcher(storage: storage)
            #expect(try await batcher.insert(Self.event(0, key: 0)) == .inserted)
            // evt_0 again under a new dedupe key: its id collides, so its transaction fails.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for number in [0, 1, 2, 3, 4, 5] {
                    group.addTask { (number, (try? await batcher.insert(Self.event(number, key: 1000 + number))) == .inserted) }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes == [0: false, 1: true, 2: true, 3: true, 4: true, 5: true])
            let stored = try await storage.inboxEvents(InboxQuery(.init(partnerID: "acme"), limit: 100))
            #expect(Set(stored.map(\.id)) == ["evt_0", "evt_1", "evt_2", "evt_3", "evt_4", "evt_5"])
            try await storage.close()
        }
    }

    @Test("events stored for dispatch are due; settled ones are not")
    func dueEvents() async throws {
        try await withTemporaryDirectory { directory in
            let storage = try SQLiteStorage(path: directory.appendingPathComponent("inbox.sqlite").path)
            let batcher = InboxBatcher(storage: storage)
            _ = try await batcher.insert(Self.event(1, key: 1, status: .received))
            _ = try await batcher.insert(Self.event(2, key: 2, status: .processed))
            let now = Date(timeIntervalSince1970: 1_767_225_601)
            #expect(try await storage.dueInboxEvents(now: now, limit: 10).map(\.id) == ["evt_1"])
            try await storage.recordHandling(eventID: "evt_1", runs: [], status: .processed, nextAttemptAt: nil)
            #expect(try await storage.dueInboxEvents(now: now, limit: 10).isEmpty)
            try await storage.close()
        }
    }

    @Test("the write-ahead log is copied into the database file beside the writer, not left to grow")
    func backgroundCheckpoints() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("inbox.sqlite").path
            let storage = try SQLiteStorage(path: file)
            let batcher = InboxBatcher(storage: storage)
            func size(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
            let before = size(file)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<4000 {
                    group.addTask { _ = try await batcher.insert(Self.event(number, key: number)) }
                }
                try await group.waitForAll()
            }
            // The writer alone would not checkpoint before 20,000 pages; the database file grows only if the checkpointer ran.
            #expect(try await eventually(timeout: .seconds(5)) { size(file) > before + 500_000 })
            try await storage.close()
        }
    }
}
