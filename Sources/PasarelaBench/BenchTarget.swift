import Foundation
import NIOCore
import PasarelaKit

/// A URL the benchmarks talk to over plain HTTP/1.1 (a host, with its admin token for the admin API).
struct BenchTarget: Sendable {
    let host: String
    let port: Int
    /// The URL's path and query, `/` when it has none.
    let path: String
    let token: String

    init(url: String, token: String = "") throws {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
            throw PasarelaError(.invalidRequest, "--url must be an http:// URL (the benchmark speaks plain HTTP/1.1)")
        }
        (self.host, self.port, self.token) = (host, parsed.port ?? 80, token)
        path = (parsed.path.isEmpty ? "/" : parsed.path) + (parsed.query.map { "?\($0)" } ?? "")
    }

    /// An admin request with a JSON `body`.
    func request(_ method: String, _ path: String, _ body: String) -> ByteBuffer {
        BenchConnection.encode(
            method: method, path: path, authority: "\(host):\(port)",
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")], body: Array(body.utf8))
    }

    /// Sends `requests` (method, path, body) over a few connections; the answers' statuses, counted.
    func send(_ requests: [(String, String, String)], group: any EventLoopGroup) async throws -> [Int: Int] {
        let source = BenchRequestSource(requests: requests.map { request($0.0, $0.1, $0.2) })
        let lanes: [BenchLane]
        do {
            lanes = try await BenchConnection.runAll(host: host, port: port, source: source, connections: min(4, max(1, requests.count)), group: group)
        } catch {
            throw PasarelaError(.invalidRequest, "could not connect to http://\(host):\(port): \(error)")
        }
        return BenchLane.statuses(of: lanes)
    }

    /// Fails unless every answer in `statuses` was `status`.
    func expect(_ status: Int, _ statuses: [Int: Int], _ what: String) throws {
        guard statuses.keys.allSatisfy({ $0 == status }) else {
            throw PasarelaError(.invalidRequest, "\(what): the host answered \(statuses) (is delivery.allow_private_networks on, and the token right?)")
        }
    }
}
