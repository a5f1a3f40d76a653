import Synchronization

/// Commits inbound events in groups: while one transaction is being written, the events that
/// arrive meanwhile wait and go in the next one. Each caller gets its answer only after its own
/// event is committed, so a webhook is still acknowledged only once it is stored; under load one
/// transaction serves many requests instead of one each.
///
/// A lock rather than an actor: enqueuing must not cost a hop to another executor on the hot path.
final class InboxBatcher: Sendable {
    /// The most events one transaction takes.
    static let maximumBatch = 512
    /// The most events waiting; beyond it new ones are refused (503) rather than queued.
    static let maximumWaiting = 20_000

    private struct Waiting {
        var entries: [(event: InboxEvent, reply: CheckedContinuation<InboxInsertion, any Error>)] = []
        var writing = false
    }

    private let storage: any PasarelaStorage
    private let state = Mutex(Waiting())

    init(storage: any PasarelaStorage) {
        self.storage = storage
    }

    /// Stores `event` (or finds its first copy) and returns once that is committed.
    func insert(_ event: InboxEvent) async throws -> InboxInsertion {
        try await withCheckedThrowingContinuation { reply in
            let outcome = state.withLock { waiting -> (full: Bool, startWriter: Bool) in
                guard waiting.entries.count < Self.maximumWaiting else { return (true, false) }
                waiting.entries.append((event, reply))
                guard !waiting.writing else { return (false, false) }
                waiting.writing = true
                return (false, true)
            }
            if outcome.full {
                reply.resume(throwing: InboxOverloaded())
            } else if outcome.startWriter {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { waiting -> [(event: InboxEvent, reply: CheckedContinuation<InboxInsertion, any Error>)] in
                let batch = Array(waiting.entries.prefix(Self.maximumBatch))
                waiting.entries.removeFirst(batch.count)
                if batch.isEmpty { waiting.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let results = try await storage.insertInboxEvents(batch.map(\.event))
                for (entry, result) in zip(batch, results) { entry.reply.resume(returning: result) }
            } catch {
                // One failing event must not fail the others: try each on its own.
                for entry in batch {
                    do {
                        entry.reply.resume(returning: try await storage.insertInboxEvents([entry.event])[0])
                    } catch {
                        entry.reply.resume(throwing: error)
                    }
                }
            }
        }
    }
}

/// The inbox queue is full; the sender should retry later.
struct InboxOverloaded: Error {}
