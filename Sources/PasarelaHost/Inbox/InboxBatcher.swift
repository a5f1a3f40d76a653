import Synchronization

/// Commits inbound events in groups: while one transaction is being written, the events that
/// arrive meanwhile wait and go in the next one. Each caller gets its answer only after its own
/// event is committed, so a webhook is still acknowledged only once it is stored; under load one
/// transaction serves many requests instead of one each.
///
/// A lock rather than an actor, and completion handlers rather than a draining task: enqueuing
/// costs no hop to another executor, and the next group starts where the last one committed.
final class InboxBatcher: Sendable {
    /// The most events one transaction takes.
    static let maximumBatch = 512
    /// The most events waiting; beyond it new ones are refused (503) rather than queued.
    static let maximumWaiting = 20_000

    private typealias Entry = (event: InboxEvent, reply: @Sendable (Result<InboxInsertion, any Error>) -> Void)

    private struct Waiting {
        var entries: [Entry] = []
        var writing = false
    }

    private let storage: any InboxStore
    private let state = Mutex(Waiting())

    init(storage: any InboxStore) {
        self.storage = storage
    }

    /// Stores `event` (or finds its first copy) and returns once that is committed.
    func insert(_ event: InboxEvent) async throws -> InboxInsertion {
        try await withUnsafeThrowingContinuation { reply in
            insert(event) { reply.resume(with: $0) }
        }
    }

    /// Stores `event` (or finds its first copy) and calls `reply` once that is committed, from
    /// the writer's thread: for callers that must not suspend, such as a channel handler.
    func insert(_ event: InboxEvent, reply: @escaping @Sendable (Result<InboxInsertion, any Error>) -> Void) {
        let outcome = state.withLock { waiting -> (full: Bool, startWriting: Bool) in
            guard waiting.entries.count < Self.maximumWaiting else { return (true, false) }
            waiting.entries.append((event, reply))
            guard !waiting.writing else { return (false, false) }
            waiting.writing = true
            return (false, true)
        }
        if outcome.full {
            reply(.failure(InboxOverloaded()))
        } else if outcome.startWriting {
            writeNextGroup()
        }
    }

    /// Writes the events waiting now in one transaction, then the next group, until none wait.
    private func writeNextGroup() {
        let group = state.withLock { waiting -> [Entry] in
            let group = Array(waiting.entries.prefix(Self.maximumBatch))
            waiting.entries.removeFirst(group.count)
            if group.isEmpty { waiting.writing = false }
            return group
        }
        guard !group.isEmpty else { return }
        storage.insertInboxEvents(group.map(\.event)) { result in
            switch result {
            case .success(let insertions) where insertions.count == group.count:
                for (entry, insertion) in zip(group, insertions) { entry.reply(.success(insertion)) }
                self.writeNextGroup()
            case .success(let insertions):
                let error = StorageError.corrupt("inbox write: \(insertions.count) answers for \(group.count) events")
                for entry in group { entry.reply(.failure(error)) }
                self.writeNextGroup()
            case .failure(let error) where group.count == 1:
                group[0].reply(.failure(error))
                self.writeNextGroup()
            case .failure:
                // One failing event must not fail the others: write each on its own.
                self.writeOneByOne(group[...])
            }
        }
    }

    private func writeOneByOne(_ entries: ArraySlice<Entry>) {
        guard let entry = entries.first else { return writeNextGroup() }
        storage.insertInboxEvents([entry.event]) { result in
            entry.reply(result.map { $0[0] })
            self.writeOneByOne(entries.dropFirst())
        }
    }
}

/// The inbox queue is full; the sender should retry later.
struct InboxOverloaded: Error {}
