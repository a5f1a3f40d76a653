import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MockProvider
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Builds hosts for tests from YAML, with a known admin token and in-memory SQLite by default.
enum TestHost {
    static let adminToken = "test-admin-token-0123456789"
    static let webhookSecret = "mock_webhook_secret_for_tests"

    static let defaultYAML = """
        admin: {token: "\(adminToken)"}
        storage: {url: "sqlite::memory:"}
        payments:
          default: mock
          instances:
            mock: {module: mock, webhook_secret: "\(webhookSecret)"}
            scripted: {module: scripted}
        """

    /// - Parameters:
    ///   - modules: loadable besides `mock` and `scripted`.
    ///   - transport: the modules' outbound HTTP; by default nothing is reachable.
    ///   - resolver: the addresses of webhook URLs' names; by default the machine's.
    ///   - logs: where the host's log lines go, at every level; by default nowhere.
    static func make(
        yaml: String = defaultYAML, clock: FakeClock = FakeClock(now: Date()), inboxHandlers: [any InboxHandler] = [],
        modules: [ModuleDescriptor] = [], transport: any HTTPTransport = FakeTransport.unreachable(), resolver: HostResolver = .system,
        logs: LogCapture? = nil
    ) async throws -> HostApplication {
        let configuration = try ConfigurationLoader(environment: [:]).load(yaml: yaml)
        var logger = logs?.logger(label: "pasarela.test") ?? Logger(label: "pasarela.test")
        if logs == nil { logger.logLevel = .critical }
        return try await buildApplication(
            configuration: configuration, registry: try ModuleRegistry([MockModule.descriptor, ScriptedProvider.descriptor] + modules),
            clock: clock, transport: transport, logger: logger, inboxHandlers: inboxHandlers, resolver: resolver)
    }

    /// Runs `body` against a host built from `yaml` whose modules reach real HTTP servers (local
    /// fakes of the providers' APIs), on a frozen clock.
    static func withModules(
        _ modules: [ModuleDescriptor], yaml: String, logs: LogCapture? = nil,
        _ body: @escaping @Sendable (_ client: any TestClientProtocol, _ clock: FakeClock, _ host: HostApplication) async throws -> Void
    ) async throws {
        let clock = FakeClock(now: Date())
        let host = try await make(yaml: yaml, clock: clock, modules: modules, transport: AsyncHTTPClientTransport(), logs: logs)
        try await host.application.test(.router) { client in try await body(client, clock, host) }
    }

    static var authorized: HTTPFields {
        [.authorization: "Bearer \(adminToken)", .contentType: "application/json"]
    }
}

extension TestClientProtocol {
    /// Sends `body` with the admin token and returns the status and the parsed JSON answer.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields = TestHost.authorized
    ) async throws -> (status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields) {
        let response = try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let bytes = Array(response.body.readableBytesView)
        let json = bytes.isEmpty ? JSONValue.null : try JSONValue.parse(bytes)
        return (response.status, json, response.headers)
    }
}

extension JSONValue {
    /// The error code of an API error body.
    var errorCode: String? { self["error"]?["code"]?.stringValue }
    /// The error message of an API error body.
    var errorMessage: String? { self["error"]?["message"]?.stringValue }
    /// A payment read with `GET /payments/{id}` without its `refunds`, as other routes answer it.
    var withoutRefunds: JSONValue {
        guard case .object(var members) = self else { return self }
        members["refunds"] = nil
        return .object(members)
    }
    /// The statuses of a payment's `refunds`, oldest first.
    var refundStatuses: [String]? { self["refunds"]?.arrayValue?.compactMap { $0["status"]?.stringValue } }
}
