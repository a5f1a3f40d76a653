import NIOCore
import NIOPosix
import Synchronization

/// One keep-alive HTTP/1.1 connection of `pasarela bench`. It runs entirely on its event loop:
/// the next request is written as soon as the previous answer is read, with no task or thread
/// hand-off in between, so the load generator costs far less than the server it measures.
enum BenchConnection {
    /// Opens a connection that sends requests taken from `source` until it is drained, and
    /// returns what it saw.
    static func run(host: String, port: Int, source: BenchRequestSource, group: any EventLoopGroup) async throws -> BenchLane {
        let finished = group.next().makePromise(of: BenchLane.self)
        do {
            _ = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(BenchDriver(source: source, finished: finished))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            finished.fail(error)
        }
        return try await finished.futureResult.get()
    }

    /// Drains `source` over `connections` connections and returns what each saw.
    static func runAll(host: String, port: Int, source: BenchRequestSource, connections: Int, group: any EventLoopGroup) async throws
        -> [BenchLane]
    {
        try await withThrowingTaskGroup(of: BenchLane.self) { tasks in
            for _ in 0..<connections {
                tasks.addTask { try await run(host: host, port: port, source: source, group: group) }
            }
            return try await tasks.reduce(into: [BenchLane]()) { $0.append($1) }
        }
    }

    /// The HTTP/1.1 bytes of a request (a POST unless `method` says otherwise) with `headers` and `body`.
    static func encode(method: String = "POST", path: String, authority: String, headers: [(String, String)], body: [UInt8]) -> ByteBuffer {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: \(authority)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        var buffer = ByteBuffer(string: text)
        buffer.writeBytes(body)
        return buffer
    }
}

/// The prepared requests, handed out once each to whichever connection is free: at once, or
/// (with `spacing`) each no earlier than its slot of an even schedule from when the source was
/// made, so the load is open-loop: a slow answer delays nothing that follows on other connections.
final class BenchRequestSource: Sendable {
    let requests: [ByteBuffer]
    private let next = Atomic<Int>(0)
    /// Nanoseconds between two requests' slots; `nil` sends as fast as answers come.
    let spacing: Int64?
    let start = NIODeadline.now()
    /// Called with a request's index and status when its answer has been read.
    let answered: (@Sendable (_ index: Int, _ status: Int) -> Void)?

    init(requests: [ByteBuffer], spacing: Int64? = nil, answered: (@Sendable (_ index: Int, _ status: Int) -> Void)? = nil) {
        self.requests = requests
        self.spacing = spacing
        self.answered = answered
    }

    /// How many requests were handed out so far.
    var taken: Int { min(next.load(ordering: .relaxed), requests.count) }

    /// The next request, its index, and when it may be sent.
    func take() -> (index: Int, request: ByteBuffer, notBefore: NIODeadline)? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < requests.count else { return nil }
        let notBefore = spacing.map { start + .nanoseconds($0 * Int64(index)) } ?? start
        return (index, requests[index], notBefore)
    }
}

/// What one connection measured.
struct BenchLane: Sendable {
    var statuses: [Int: Int] = [:]
    /// Nanoseconds from writing each request to reading its whole answer.
    var latencies: [Int64] = []

    /// The answers' statuses of every lane, counted.
    static func statuses(of lanes: [BenchLane]) -> [Int: Int] {
        lanes.reduce(into: [:]) { total, lane in total.merge(lane.statuses, uniquingKeysWith: +) }
    }

    /// The value below which `fraction` of the sorted `values` lie; 0 when there are none.
    static func percentile(_ fraction: Double, of values: [Double]) -> Double {
        values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * fraction))]
    }
}

/// Sends a request, reads its answer, records it, sends the next. Understands answers with a
/// `Content-Length` body only, which is what HTTP servers send for small JSON answers.
private final class BenchDriver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let source: BenchRequestSource
    private let finished: EventLoopPromise<BenchLane>
    private var lane = BenchLane()
    private var received = ByteBuffer()
    private var sentAt: NIODeadline?
    private var sentIndex = 0

    init(source: BenchRequestSource, finished: EventLoopPromise<BenchLane>) {
        self.source = source
        self.finished = finished
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
        guard let sentAt, let status = nextAnswer() else { return }
        lane.latencies.append((NIODeadline.now() - sentAt).nanoseconds)
        lane.statuses[status, default: 0] += 1
        source.answered?(sentIndex, status)
        self.sentAt = nil
        sendNext(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A request still unanswered counts as a failure in the report: it has no latency.
        finished.succeed(lane)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard let (index, request, notBefore) = source.take() else {
            context.close(promise: nil)
            return
        }
        sentIndex = index
        guard notBefore <= .now() else {
            context.eventLoop.assumeIsolated().scheduleTask(deadline: notBefore) { self.send(request, context: context) }
            return
        }
        send(request, context: context)
    }

    private func send(_ request: ByteBuffer, context: ChannelHandlerContext) {
        sentAt = .now()
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    /// Consumes one complete answer from `received`, if there is one, and returns its status.
    private func nextAnswer() -> Int? {
        let view = received.readableBytesView
        guard let headerEnd = view.firstRange(of: Self.headerTerminator) else { return nil }
        let head = view[view.startIndex..<headerEnd.lowerBound]
        // "HTTP/1.1 200 OK": the status is the three digits after the first space.
        guard let space = head.firstIndex(of: UInt8(ascii: " ")), head.endIndex - space > 3 else { return nil }
        let status = head[(space + 1)...(space + 3)].reduce(0) { $0 * 10 + Int($1) - 48 }
        let total = headerEnd.upperBound - view.startIndex + Self.contentLength(in: head)
        guard received.readableBytes >= total else { return nil }
        received.moveReaderIndex(forwardBy: total)
        received.discardReadBytes()
        return status
    }

    private static let headerTerminator: [UInt8] = Array("\r\n\r\n".utf8)
    private static let contentLengthName: [UInt8] = Array("\r\ncontent-length:".utf8)

    /// The `Content-Length` in an answer's head, 0 when absent.
    private static func contentLength(in head: ByteBufferView.SubSequence) -> Int {
        let name = contentLengthName
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            var matches = true
            for offset in 0..<name.count where head[index + offset] | 0x20 != name[offset] | 0x20 {
                matches = false
                break
            }
            if matches {
                var value = 0
                var digit = index + name.count
                while digit < head.endIndex, head[digit] == UInt8(ascii: " ") { digit += 1 }
                while digit < head.endIndex, (48...57).contains(head[digit]) {
                    value = value * 10 + Int(head[digit]) - 48
                    digit += 1
                }
                return value
            }
            index += 1
        }
        return 0
    }
}
