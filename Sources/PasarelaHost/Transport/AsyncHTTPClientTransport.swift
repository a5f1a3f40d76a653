import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PasarelaKit

/// The host's ``HTTPTransport`` for modules (and the CLI's calls to a host), on AsyncHTTPClient's shared client.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// Responses larger than this are refused rather than buffered.
    static let maximumResponseBytes = 10 * 1024 * 1024

    let client: HTTPClient

    /// A transport on `client`.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outbound.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty {
            outbound.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let response = try await client.execute(outbound, timeout: TimeAmount(request.timeout))
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return TransportResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw PasarelaError(.providerTimeout, "\(request.method) \(Self.redacted(request.url)) timed out", retryable: true)
        } catch {
            throw PasarelaError.providerUnavailable("\(request.method) \(Self.redacted(request.url)) failed: \(error)")
        }
    }

    /// The URL without its query string, which may carry tokens.
    private static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }
}
