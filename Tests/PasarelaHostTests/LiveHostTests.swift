import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MockProvider
import PasarelaKit
import PasarelaTesting
import ServiceLifecycle
import Testing

@testable import PasarelaHost

@Suite("Host over real HTTP and a real SQLite file")
struct LiveHostTests {
    @Test("payments over a real socket")
    func live() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.live) { client in
            #expect(client.port != nil)
            let created = try await client.send(.post, "/payments", #"{"amount":"12.50","currency":"USD"}"#)
            #expect(created.status == .created)
            #expect(created.json["amount_minor"]?.int64Value == 1250)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded")
            let refused = try await client.send(.post, "/payments", "{", headers: [.authorization: "Bearer \(TestHost.adminToken)"])
            #expect(refused.status == .badRequest)
            #expect(refused.json.errorCode == "malformed_json")
        }
    }

    @Test("a payment survives a restart; a generated admin token is shown once and keeps working")
    func restart() async throws {
        try await withTemporaryDirectory { directory in
            let yaml = "storage: {url: \"sqlite:\(directory.path)/host.sqlite\"}"
            let first = try await TestHost.make(yaml: yaml)
            let token = try #require(first.generatedAdminToken)
            #expect(token.hasPrefix("pst_"))
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            let id = try await first.application.test(.live) { client in
                let created = try await client.send(.post, "/payments", #"{"amount":"12.50","currency":"USD"}"#, headers: headers)
                #expect(created.status == .created)
                return try #require(created.json["id"]?.stringValue)
            }
            let second = try await TestHost.make(yaml: yaml)
            #expect(second.generatedAdminToken == nil)
            try await second.application.test(.live) { client in
                let read = try await client.send(.get, "/payments/\(id)", headers: headers)
                #expect(read.status == .ok)
                #expect(read.json["amount_minor"]?.int64Value == 1250)
                #expect(try await client.send(.get, "/payments/\(id)", headers: [.authorization: "Bearer \(TestHost.adminToken)"]).status == .unauthorized)
            }
            let settings = try SQLiteStorage(path: "\(directory.path)/host.sqlite")
            let storedHash = try #require(try await settings.setting(AdminToken.settingName))
            #expect(!storedHash.contains(token))
            try await settings.close()
        }
    }

    @Test("graceful shutdown stops the server and then closes storage")
    func gracefulShutdown() async throws {
        let host = try await TestHost.make(yaml: TestHost.defaultYAML + "\nserver: {port: 0}")
        try await host.storage.ping()
        var logger = Logger(label: "pasarela.test")
        logger.logLevel = .critical
        let group = ServiceGroup(configuration: .init(services: [host.application], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await #expect(throws: (any Error).self) { try await host.storage.ping() }
    }

    @Test("the AsyncHTTPClient transport sends requests and reports statuses, bodies and failures")
    func transport() async throws {
        let router = Router()
        router.post("echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024)
            return Response(
                status: .accepted, headers: [.contentType: request.headers[.contentType] ?? "none"],
                body: ResponseBody(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let transport = AsyncHTTPClientTransport()
            let response = try await transport.send(
                TransportRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/echo", headers: [("Content-Type", "text/plain")],
                    body: Array("hola".utf8)))
            #expect(response.status == 202)
            #expect(response.body == Array("hola".utf8))
            #expect(response.header("content-type") == "text/plain")
        }
        let error = await #expect(throws: PasarelaError.self) {
            try await AsyncHTTPClientTransport().send(
                TransportRequest(method: "GET", url: "http://127.0.0.1:1/?token=secret", timeout: .seconds(1)))
        }
        #expect(error?.code == .providerError || error?.code == .providerTimeout)
        #expect(error?.isRetryable == true)
        #expect(error?.message.contains("secret") == false)
    }
}
