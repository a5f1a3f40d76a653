import Foundation
import PasarelaKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal ``HTTPTransport`` over URLSession, for the live tests only.
struct URLSessionTransport: HTTPTransport {
    func send(_ request: TransportRequest) async throws -> TransportResponse {
        guard let url = URL(string: request.url) else { throw PasarelaError(.invalidRequest, "bad URL \(request.url)") }
        var urlRequest = URLRequest(url: url, timeoutInterval: TimeInterval(request.timeout.components.seconds))
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let (data, response) = try await URLSession.shared.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else { throw PasarelaError.providerUnavailable("no HTTP answer") }
        return TransportResponse(status: http.statusCode, body: Array(data))
    }
}
