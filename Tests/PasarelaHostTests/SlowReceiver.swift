import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A partner's webhook endpoint that answers badly, on raw sockets: after reading a request it
/// never answers (`hang`), or sends a 200 head and then its body a few bytes at a time, for
/// ever (`trickle`). It counts the requests per `webhook-id` and how many were open at once.
final class SlowReceiver: Sendable {
    enum Behaviour: Sendable {
        /// Reads the request and waits for the client to give up.
        case hang
        /// Answers 200 with a body that never ends: `bytes` bytes every `every`.
        case trickle(bytes: Int, every: Duration)
    }

    /// What the receiver saw.
    struct Tally: Sendable {
        /// `webhook-id`s in the order their requests arrived.
        var received: [String] = []
        /// `Host` headers in the order their requests arrived.
        var hosts: [String] = []
        var open: [String: Int] = [:]
        /// The most requests of one `webhook-id` open at once.
        var mostOpenForOneID = 0
        var openTotal = 0
        /// The most requests open at once since the start or the last ``resetPeak()``.
        var peakOpen = 0
    }

    private let behaviour: Behaviour
    private let state = Mutex(Tally())

    init(_ behaviour: Behaviour) {
        self.behaviour = behaviour
    }

    var tally: Tally { state.withLock { $0 } }

    /// Starts counting ``Tally/peakOpen`` again from what is open now.
    func resetPeak() {
        state.withLock { $0.peakOpen = $0.openTotal }
    }

    /// Runs the receiver on a free loopback port for the duration of `body`; `url` ends in `/hook`.
    func run<Value: Sendable>(_ body: (_ url: String) async throws -> Value) async throws -> Value {
        try await run(listeners: 1) { urls in try await body(urls[0]) }
    }

    /// Runs the receiver on `listeners` free loopback ports at once (one connection pool each, for
    /// a client), for the duration of `body`.
    func run<Value: Sendable>(listeners: Int, _ body: (_ urls: [String]) async throws -> Value) async throws -> Value {
        var servers: [Task<Void, any Error>] = []
        defer { servers.forEach { $0.cancel() } }
        var urls: [String] = []
        for _ in 0..<listeners {
            let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: "127.0.0.1", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
            guard let port = server.channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
            urls.append("http://127.0.0.1:\(port)/hook")
            servers.append(
                Task {
                    try await server.executeThenClose { connections in
                        await withDiscardingTaskGroup { group in
                            do {
                                for try await connection in connections { group.addTask { try? await self.serve(connection) } }
                            } catch {}
                        }
                    }
                })
        }
        return try await body(urls)
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var requests = inbound.makeAsyncIterator()
            var buffer = ByteBuffer()
            var head: [String: String]?
            while head == nil {
                guard var chunk = try await requests.next() else { return }
                buffer.writeBuffer(&chunk)
                head = Self.completeRequest(in: buffer)
            }
            let id = head?["webhook-id"] ?? ""
            opened(id, host: head?["host"] ?? "")
            defer { closed(id) }
            switch behaviour {
            case .hang:
                while try await requests.next() != nil {}
            case .trickle(let bytes, let every):
                try await outbound.write(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n"))
                let piece = ByteBuffer(repeating: UInt8(ascii: "x"), count: bytes)
                while !Task.isCancelled {
                    try await outbound.write(piece)
                    if every > .zero { try await Task.sleep(for: every) }
                }
            }
        }
    }

    private func opened(_ id: String, host: String) {
        state.withLock { tally in
            tally.received.append(id)
            tally.hosts.append(host)
            tally.open[id, default: 0] += 1
            tally.mostOpenForOneID = max(tally.mostOpenForOneID, tally.open[id, default: 0])
            tally.openTotal += 1
            tally.peakOpen = max(tally.peakOpen, tally.openTotal)
        }
    }

    private func closed(_ id: String) {
        state.withLock { tally in
            tally.open[id, default: 1] -= 1
            tally.openTotal -= 1
        }
    }

    /// The request's headers (lower-case names) once its head and `Content-Length` body are in.
    private static func completeRequest(in buffer: ByteBuffer) -> [String: String]? {
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        var headers: [String: String] = [:]
        for line in text[..<end.lowerBound].split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        return text.utf8.count - text[..<end.upperBound].utf8.count >= length ? headers : nil
    }
}
