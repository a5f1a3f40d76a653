import Foundation

/// Outbound HTTP for modules. The host supplies one built on AsyncHTTPClient; tests supply fakes.
///
/// Throw ``PasarelaError`` with ``PasarelaError/Code/providerTimeout`` when the deadline passes
/// and ``PasarelaError/Code/providerError`` when the connection fails; any HTTP status is a
/// response, not an error.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the whole response.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// An outbound HTTP request.
public struct TransportRequest: Sendable {
    public var method: String
    public var url: String
    /// Headers in order; names as given.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// How long the whole exchange may take.
    public var timeout: Duration

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A response to a ``TransportRequest``.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
