import Foundation

/// Sends calls to a provider's API through the host's ``HTTPTransport``, with the failure
/// handling every provider module needs:
///
/// - a transport failure or timeout becomes a retryable ``PasarelaError/Code/providerError``
///   (HTTP 502 to the API caller), never a payment outcome;
/// - HTTP 429 is retried with exponential backoff, or after the provider's `Retry-After` when
///   that is within ``maximumBackoff``, up to ``maximumRetries`` times; then (or when the provider
///   asks for a longer wait) it is reported as a retryable provider error.
///
/// Every other status is returned for the module to interpret.
///
/// ```swift
/// let client = ProviderAPIClient(providerName: "MercadoPago", transport: context.transport)
/// let response = try await client.send(TransportRequest(method: "GET", url: url), operation: "GET /v1/payments/{id}")
/// ```
public struct ProviderAPIClient: Sendable {
    /// The provider's name, for messages (`MercadoPago`).
    public var providerName: String
    /// The host's outbound HTTP, from the module's ``ModuleContext``.
    public var transport: any HTTPTransport
    /// How many times a rate-limited call is tried again.
    public var maximumRetries: Int
    /// The first wait after a 429; it doubles each time, up to ``maximumBackoff``.
    public var initialBackoff: Duration
    /// The longest wait between tries, whether from the backoff or from `Retry-After`.
    public var maximumBackoff: Duration

    /// A client for `providerName`'s API over `transport`.
    public init(
        providerName: String, transport: any HTTPTransport, maximumRetries: Int = 2, initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(8)
    ) {
        self.providerName = providerName
        self.transport = transport
        self.maximumRetries = maximumRetries
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Sends `request` and returns the provider's answer, whatever its status except a 429 that
    /// outlasted the retries.
    ///
    /// - Parameter operation: what the call does, for messages (`POST /v1/payments`); no secrets.
    public func send(_ request: TransportRequest, operation: String) async throws -> TransportResponse {
        var backoff = initialBackoff
        var retries = 0
        while true {
            let response: TransportResponse
            do {
                response = try await transport.send(request)
            } catch let error as PasarelaError where error.code == .providerTimeout {
                throw PasarelaError.providerUnavailable("\(providerName) did not answer \(operation) in time", retryable: true)
            } catch let error as PasarelaError {
                throw PasarelaError.providerUnavailable("\(providerName) could not be reached for \(operation): \(error.message)")
            } catch {
                throw PasarelaError.providerUnavailable("\(providerName) could not be reached for \(operation): \(error)")
            }
            guard response.status == 429 else { return response }
            guard retries < maximumRetries else {
                throw PasarelaError.providerUnavailable(
                    "\(providerName) rate-limited \(operation) \(retries + 1) time\(retries == 0 ? "" : "s")", retryable: true)
            }
            let asked = response.header("Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
            if let asked, asked > maximumBackoff {
                throw PasarelaError.providerUnavailable(
                    "\(providerName) rate-limited \(operation) and asked for a wait of \(asked)", retryable: true)
            }
            do {
                try await Task.sleep(for: asked ?? backoff)
            } catch {
                throw PasarelaError.providerUnavailable("\(operation) was cancelled while waiting to retry", retryable: true)
            }
            backoff = min(backoff * 2, maximumBackoff)
            retries += 1
        }
    }
}
