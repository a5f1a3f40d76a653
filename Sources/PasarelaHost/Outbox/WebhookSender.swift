import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PasarelaKit
import Synchronization

/// What a partner answered to a delivery: its status, `Retry-After`, and the start of its body.
struct WebhookAnswer: Sendable {
    var status: Int
    var retryAfter: String?
    /// At most the sender's `maximumResponseBytes`.
    var body: [UInt8] = []
}

/// Posts deliveries to partners' webhook URLs. Each attempt is bounded as a whole by `timeout`:
/// the name's resolution and check, connecting, sending, the answer's head and its body. The
/// name is resolved once and the connection made to the address checked: over http the URL names
/// that address and `Host` the name; over https a client of the attempt's own maps the name to
/// that address, so TLS still sends and verifies the name. At most `maximumResponseBytes` of the
/// body are read; the rest never is. An answer whose head came in time stands even when its body
/// is cut short by the bound.
struct WebhookSender: Sendable {
    /// A client that never follows redirects: a partner's endpoint must not be able to bounce a
    /// delivery to an internal address.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration())

    /// The clients' configuration: no redirects, `dnsOverride`, and as many connections to one
    /// address as attempts may be in flight. The worker's slots bound them (16 a partner,
    /// `delivery.max_in_flight` in all); a lower limit here would make partners that share a
    /// host (one SaaS, many endpoints) wait on each other's connections.
    private static func configuration(dnsOverride: [String: String] = [:]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.dnsOverride = dnsOverride
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = HostConfiguration.Delivery.maxInFlightLimit
        return configuration
    }

    let policy: WebhookURLPolicy
    let timeout: Duration
    let maximumResponseBytes: Int
    var client: HTTPClient = Self.client

    /// POSTs `body` to `url`; throws ``PasarelaError`` when no answer came in time or the
    /// connection failed, and `CancellationError` when the caller is cancelled.
    func post(to url: String, headers: [(name: String, value: String)], body: [UInt8]) async throws -> WebhookAnswer {
        let progress = Progress()
        do {
            return try await Deadline.wait(timeout) {
                try await exchange(url: url, headers: headers, body: body, progress: progress)
            }
        } catch is Deadline.Exceeded {
            if let answer = progress.answer.withLock({ $0 }) { return answer }
            throw PasarelaError(.providerTimeout, "POST \(Self.redacted(url)) got no answer within \(timeout)", retryable: true)
        } catch let error as PasarelaError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PasarelaError.providerUnavailable("POST \(Self.redacted(url)) failed: \(error)")
        }
    }

    /// Resolves and checks the URL's host, then sends the request to the address checked.
    private func exchange(
        url: String, headers: [(name: String, value: String)], body: [UInt8], progress: Progress
    ) async throws -> WebhookAnswer {
        let target = try await policy.target(url)
        var request = HTTPClientRequest(url: target.isName && target.scheme == "http" ? target.pinnedURL : url)
        request.method = .POST
        if target.isName { request.headers.add(name: "Host", value: target.hostHeader) }
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        guard target.isName && target.scheme == "https" else {
            return try await read(client.execute(request, timeout: TimeAmount(timeout)), into: progress)
        }
        let pinned = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: Self.configuration(dnsOverride: [target.host: target.address]))
        do {
            let answer = try await read(pinned.execute(request, timeout: TimeAmount(timeout)), into: progress)
            try? await pinned.shutdown()
            return answer
        } catch {
            try? await pinned.shutdown()
            throw error
        }
    }

    /// The answer's status and as much of its body as is kept, noted in `progress` as it arrives.
    private func read(_ response: HTTPClientResponse, into progress: Progress) async throws -> WebhookAnswer {
        var answer = WebhookAnswer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
        progress.answer.withLock { $0 = answer }
        guard maximumResponseBytes > 0 else { return answer }
        for try await chunk in response.body {
            answer.body += chunk.readableBytesView.prefix(maximumResponseBytes - answer.body.count)
            progress.answer.withLock { [answer] in $0 = answer }
            if answer.body.count >= maximumResponseBytes { break }
        }
        return answer
    }

    /// The answer as far as it has arrived, for when the time is up before its body is read.
    private final class Progress: Sendable {
        let answer = Mutex<WebhookAnswer?>(nil)
    }

    /// The URL without its query string, which may carry tokens.
    static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }
}
