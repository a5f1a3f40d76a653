/// Commits inbound events in groups: while one transaction is being written, the events that
/// arrive meanwhile wait and go in the next one. Each caller gets its answer only after its own
/// event is committed, so a webhook is still acknowledged only once it is stored; under load one
/// fsync serves many requests instead of one each.
actor InboxBatcher {
    /// The most events one transaction takes.
    static let maximumBatch = 512
    /// The most events waiting; beyond it new ones are refused (503) rather than queued.
    static let maximumWaiting = 20_000

    private let storage: any PasarelaStorage
    private var waiting: [(event: InboxEvent, reply: CheckedContinuation<InboxInsertion, any Error>)] = []
    private var writing = false

    init(storage: any PasarelaStorage) {
        self.storage = storage
    }

    /// Stores `event` (or finds its first copy) and returns once that is committed.
    func insert(_ event: InboxEvent) async throws -> InboxInsertion {
        guard waiting.count < Self.maximumWaiting else { throw InboxOverloaded() }
        return try await withCheckedThrowingContinuation { reply in
            waiting.append((event, reply))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maximumBatch))
            waiting.removeFirst(batch.count)
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
        writing = false
    }
}

/// The inbox queue is full; the sender should retry later.
struct InboxOverloaded: Error {}
