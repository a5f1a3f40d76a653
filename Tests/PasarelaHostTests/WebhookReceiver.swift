import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization

/// A partner's webhook endpoint for tests: a real HTTP server that records every request and
/// answers as scripted.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var headers: [String: String]
        var body: [UInt8]
        var at: Date
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields = [:]
        var delay: Duration = .zero
        /// The answer's body; `ok <number>` when `nil`.
        var body: [UInt8]? = nil
    }

    private let received = Mutex<[Received]>([])
    private let script: @Sendable (Int) -> Answer

    /// `script` gets the 0-based number of the request and says how to answer it.
    init(script: @escaping @Sendable (Int) -> Answer = { _ in Answer(status: .ok) }) {
        self.script = script
    }

    var requests: [Received] { received.withLock { $0 } }

    /// Runs the receiver on a free loopback port for the duration of `body`.
    func run<Value: Sendable>(_ body: @Sendable (_ url: String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            headers["host"] = request.head.authority
            let number = self.received.withLock { list in
                list.append(Received(headers: headers, body: Array(bytes.readableBytesView), at: Date()))
                return list.count - 1
            }
            let answer = self.script(number)
            if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
            return Response(status: answer.status, headers: answer.headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body ?? Array("ok \(number)".utf8))))
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/hook")
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// A value shared between test tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func get() -> Value { value.withLock { $0 } }

    func update(_ change: (inout Value) -> Void) {
        value.withLock { change(&$0) }
    }
}
