import Foundation
import NIOCore
import NIOPosix

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
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // A server that never answers fails the test instead of hanging it.
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = RawHTTPConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    /// Writes `text` as it is (use `\r\n` line ends).
    func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// The next complete answer (bodies framed by `Content-Length`).
    mutating func answer() async throws -> Answer {
        while true {
            if let answer = takeAnswer() { return answer }
            guard let more = try await inbound.next() else { throw ClosedEarly() }
            received.append(contentsOf: more.readableBytesView)
        }
    }

    /// Whether the server closes the connection with nothing more to read.
    mutating func isClosedByServer() async throws -> Bool {
        guard received.isEmpty else { return false }
        return try await inbound.next() == nil
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
