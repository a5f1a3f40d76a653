import PasarelaKit
import Synchronization

/// An `HTTPTransport` that answers from a closure and records every request, for module tests
/// that do not need a real HTTP server.
public final class FakeTransport: HTTPTransport {
    public typealias Handler = @Sendable (TransportRequest) async throws -> TransportResponse

    private let handler: Handler
    private let recorded = Mutex<[TransportRequest]>([])

    /// A transport that answers every request with `handler`.
    public init(handler: @escaping Handler) {
        self.handler = handler
    }

    /// A transport that fails every request, for modules that must not use the network.
    public static func unreachable() -> FakeTransport {
        FakeTransport { request in
            throw PasarelaError.providerUnavailable("FakeTransport.unreachable was asked for \(request.method) \(request.url)")
        }
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        recorded.withLock { $0.append(request) }
        return try await handler(request)
    }

    /// Every request sent so far, in order.
    public var requests: [TransportRequest] {
        recorded.withLock { $0 }
    }
}
