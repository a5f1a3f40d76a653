import Foundation
import Logging
import PasarelaKit
import Synchronization

/// Runs a pack the way the host does, in memory, for the pack's own tests: events once per id,
/// one call at a time, and a call's writes and emissions committed together when it returns
/// (and dropped when it throws). Emitting to a partner the directory does not know fails the
/// call, as in the host.
///
/// ```swift
/// let harness = try PackHarness(ChuwueGrillModule.descriptor, options: ["min_guests": .integer(10)])
/// harness.partners.add("findyourwork")
/// let answer = try await harness.call(.post, "/partners/findyourwork/notify-event", body: reservation)
/// #expect(harness.emissions.map(\.eventType) == ["event.reservation_confirmed"])
/// ```
public final class PackHarness: Sendable {
    public let pack: any EventHandlerPack
    public let clock: FakeClock
    public let partners: FakePackPartners
    private let committed = Mutex(Committed())
    private let serial = SerialRunner()

    private struct Committed {
        var documents: [String: JSONValue] = [:]
        var handled: Set<String> = []
        var emissions: [PackEmission] = []
    }

    /// Builds the pack of `descriptor` with `options` (checked as the host checks them).
    public init(
        _ descriptor: ModuleDescriptor, options: [String: OptionValue] = [:], identity: String = "test-host",
        clock: FakeClock = FakeClock(), partners: FakePackPartners = FakePackPartners()
    ) throws {
        guard case .pack(let make) = descriptor.factory else {
            throw PasarelaError(.configuration, "\(descriptor.name) is a \(descriptor.kind) module, not a pack")
        }
        let validated = try ModuleOptions.validate(options, against: descriptor.options, keyPath: "packs.\(descriptor.name)")
        self.clock = clock
        self.partners = partners
        pack = try make(
            validated,
            PackContext(
                packName: descriptor.name, identity: identity, partners: partners, clock: clock,
                logger: Logger(label: "pasarela.test.\(descriptor.name)")))
    }

    /// Hands `event` to the pack unless an event with its id was handled before; returns whether it ran.
    @discardableResult
    public func deliver(_ event: PackEvent) async throws -> Bool {
        guard pack.subscriptions.contains(event.type) else { return false }
        return try await serial.run {
            guard !self.committed.withLock({ $0.handled.contains(event.id) }) else { return false }
            try await self.handle(event)
            return true
        }
    }

    /// Hands `event` to the pack again although its id was handled, as a host that lost track of
    /// it would; ``PackConformance`` checks that this changes nothing.
    func redeliver(_ event: PackEvent) async throws {
        try await serial.run { try await self.handle(event) }
    }

    /// Calls the pack route that matches `method` and `path` with `body` serialized; an unknown route is a 404 error.
    public func call(_ method: PackRouteMethod, _ path: String, body: JSONValue? = nil, query: [String: String] = [:]) async throws
        -> PackResponse
    {
        try await call(method, path, bytes: body.map { Array($0.serialized().utf8) } ?? [], query: query)
    }

    /// Calls the pack route that matches `method` and `path` with the raw `bytes` as body, which
    /// need not be JSON; an unknown route is a 404 error.
    ///
    /// ```swift
    /// await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/guests/ana", bytes: Array("{oops".utf8)) }
    /// ```
    public func call(_ method: PackRouteMethod, _ path: String, bytes: [UInt8], query: [String: String] = [:]) async throws
        -> PackResponse
    {
        for route in pack.routes where route.method == method {
            guard let parameters = route.match(path: path) else { continue }
            let request = PackRequest(parameters: parameters, query: query, body: bytes)
            return try await serial.run {
                let session = PackSession(state: self, now: self.clock.now())
                let response = try await route.handler(request, session)
                try await self.commit(session.changes, handling: nil)
                return response
            }
        }
        throw PasarelaError(.notFound, "no route \(method) \(path)")
    }

    /// Every event emitted by committed calls, in order.
    public var emissions: [PackEmission] {
        committed.withLock { $0.emissions }
    }

    /// The committed document under `key`.
    public func committedDocument(forKey key: String) -> JSONValue? {
        committed.withLock { $0.documents[key] }
    }

    /// Every committed document key, sorted.
    public var documentKeys: [String] {
        committed.withLock { $0.documents.keys.sorted() }
    }

    /// Every committed document and emission, to check that a refused call changed nothing.
    ///
    /// ```swift
    /// let before = harness.committedState
    /// await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/reservations/R1/cancel", body: .object([:])) }
    /// #expect(harness.committedState == before)
    /// ```
    public var committedState: PackHarnessState {
        committed.withLock { PackHarnessState(documents: $0.documents, emissions: $0.emissions) }
    }

    private func handle(_ event: PackEvent) async throws {
        let session = PackSession(state: self, now: clock.now())
        try await pack.handle(event, in: session)
        try await commit(session.changes, handling: event.id)
    }

    private func commit(_ changes: PackChanges, handling eventID: String?) async throws {
        for emission in changes.emissions where !emission.isForEventBus {
            guard try await partners.contains(partnerID: emission.partnerID) else {
                throw PasarelaError(.invalidState, "no partner \(emission.partnerID) to send \(emission.eventType) to")
            }
        }
        committed.withLock { committed in
            for (key, write) in changes.writes { committed.documents[key] = write }
            committed.emissions += changes.emissions
            if let eventID { committed.handled.insert(eventID) }
        }
    }
}

/// A harness's committed documents and emissions at one moment.
public struct PackHarnessState: Hashable, Sendable {
    public var documents: [String: JSONValue]
    public var emissions: [PackEmission]
}

extension PackHarness: PackStateReader {
    public func document(forKey key: String) async throws -> JSONValue? {
        committedDocument(forKey: key)
    }

    public func documents(withPrefix prefix: String) async throws -> [PackDocument] {
        committed.withLock { committed in
            committed.documents.filter { $0.key.hasPrefix(prefix) }.map { PackDocument(key: $0.key, value: $0.value) }
        }
    }
}

extension PackEvent {
    /// A partner event as the host hands it to packs, for tests.
    public static func fromPartner(
        _ partnerID: String, type: EventType, data: JSONValue, id: String = "evt_\(UUID().uuidString.prefix(12))",
        receivedAt: Date = Date(timeIntervalSince1970: 1_767_225_600), sentAt: Date? = nil
    ) -> PackEvent {
        PackEvent(id: id, type: type, source: .partner(partnerID), data: data, receivedAt: receivedAt, sentAt: sentAt)
    }
}

/// Runs async work one piece at a time, in arrival order.
private actor SerialRunner {
    private var tail: Task<Void, Never>?

    func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let previous = tail
        let task = Task<Result, any Error> {
            await previous?.value
            return try await work()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}
