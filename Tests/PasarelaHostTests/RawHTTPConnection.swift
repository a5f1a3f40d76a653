import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection on which a test writes HTTP/1.1 by hand — pipelined requests,
/// HTTP/1.0, chunked bodies — and reads the answers back in the order they arrive.
struct RawHTTPConnection {
    /// One HTTP answer as read off the wire.
    struct Answer {
        var version: String
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
    }

    struct ClosedEarly: Error {}
    /// The server did not answer within the test's patience.
    struct TimedOut: Error {}

    /// Set when the connection was closed because the server kept the test waiting.
    private final class Deadline: Sendable {
        let passed = Atomic(false)
    }

    private let deadline: Deadline
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var received: [UInt8] = []

    /// Connects to `127.0.0.1:port` and runs `body` with the connection, closing it afterwards.
    static func with<Result: Sendable>(
        port: Int, _ body: (inout RawHTTPConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        // A server that never answers fails the test instead of hanging it.
        let deadline = Deadline()
        let timer = channel.channel.eventLoop.scheduleTask(in: .seconds(10)) {
            deadline.passed.store(true, ordering: .relaxed)
            channel.channel.close(promise: nil)
        }
        defer { timer.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = RawHTTPConnection(deadline: deadline, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    /// Writes `text` as it is (use `\r\n` line ends).
    func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Closes the sending side, as `shutdown(SHUT_WR)` does; answers can still be read.
    func finishSending() {
        outbound.finish()
    }

    /// The next complete answer (bodies framed by `Content-Length`).
    mutating func answer() async throws -> Answer {
        while true {
            if let answer = takeAnswer() { return answer }
            guard let more = try await inbound.next() else {
                throw deadline.passed.load(ordering: .relaxed) ? TimedOut() : ClosedEarly()
            }
            received.append(contentsOf: more.readableBytesView)
        }
    }

    /// Whether the server closes the connection with nothing more to read.
    mutating func isClosedByServer() async throws -> Bool {
        guard received.isEmpty else { return false }
        let closed = try await inbound.next() == nil
        return closed && !deadline.passed.load(ordering: .relaxed)
    }

    private mutating func takeAnswer() -> Answer? {
        let separator = Array("\r\n\r\n".utf8)
        guard let headEnd = received.indices.dropLast(3).first(where: { received[$0..<$0 + 4].elementsEqual(separator) }) else {
            return nil
        }
        let lines = String(decoding: received[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headEnd + 4
        guard received.count >= bodyStart + length else { return nil }
        let body = String(decoding: received[bodyStart..<bodyStart + length], as: UTF8.self)
        received.removeFirst(bodyStart + length)
        return Answer(version: String(statusLine[0]), status: Int(statusLine[1]) ?? 0, headers: headers, body: body)
    }
}
