import ChuwueGrillPack
import FindyourWorkPack
import Foundation
import HummingbirdTesting
import MockProvider
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// `GET /openapi.json`: the document the host makes from its route declarations, held to what
/// the router really serves.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let yaml = TestHost.defaultYAML + """

        server: {public_url: "https://pay.example.com"}
        packs:
          - {module: chuwue-grill, shared_secret: "shared_secret_chuwue_findyourwork"}
          - findyourwork
        """

    /// A host with both packs, and its document as served.
    private func withDocument(_ body: @escaping @Sendable (HostApplication, JSONValue, [UInt8]) async throws -> Void) async throws {
        let host = try await TestHost.make(yaml: Self.yaml, modules: [ChuwueGrillModule.descriptor, FindyourWorkModule.descriptor])
        try await host.application.test(.router) { client in
            let answer = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            let bytes = Array(answer.body.readableBytesView)
            try await body(host, try JSONValue.parse(bytes), bytes)
        }
    }

    /// `GET /payments/{id}` for every operation of the document.
    private static func operations(of document: JSONValue) -> Set<String> {
        var operations: Set<String> = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in item.objectValue?.keys ?? [:].keys { operations.insert("\(method.uppercased()) \(path)") }
        }
        return operations
    }

    /// `routes` without the operator console's, whose HTML pages are not part of the API (docs/console.md).
    static func apiRoutes(_ routes: [String]) -> [String] {
        routes.filter { route in !(route.hasSuffix(" /console") || route.contains(" /console/")) }
    }

    @Test("the document holds exactly the router's routes, the packs' routes and the instances' checkout routes")
    func matchesTheRouter() async throws {
        try await withDocument { host, document, _ in
            // The router mounts every instance's checkout routes under one catch-all.
            let catchAll = ["GET /checkout/{instance}/**", "POST /checkout/{instance}/**"]
            #expect(host.routerRoutes.filter { catchAll.contains($0) }.count == 2, "\(host.routerRoutes)")
            let served = Set(Self.apiRoutes(host.routerRoutes)).subtracting(catchAll)
            let packRoutes: Set<String> = [
                "POST /partners/register/findyourwork", "GET /partners/findyourwork/status", "POST /partners/findyourwork/notify-event",
                "GET /reservations/{reservation_id}", "POST /reservations/{reservation_id}/update", "POST /reservations/{reservation_id}/cancel",
                "GET /services", "GET /opportunities", "GET /opportunities/{external_event_id}",
                "POST /opportunities/{external_event_id}/bookings", "POST /bookings/{booking_id}/confirm", "POST /bookings/{booking_id}/cancel",
                "POST /bookings/{booking_id}/provider",
            ]
            let checkoutRoutes: Set<String> = ["GET /checkout/mock/{token}", "POST /checkout/mock/{token}"]
            #expect(served.contains("GET /payments/{id}") && served.contains("GET /openapi.json"))
            let documented = Self.operations(of: document)
            #expect(documented.subtracting(served.union(packRoutes).union(checkoutRoutes)).isEmpty, "documented, not served")
            #expect(served.union(packRoutes).union(checkoutRoutes).subtracting(documented).isEmpty, "served, not documented")
        }
    }

    @Test("every reference resolves, operation ids are unique, path parameters are declared, security names its schemes")
    func isConsistent() async throws {
        try await withDocument { _, document, _ in
            #expect(document["openapi"]?.stringValue == "3.1.0")
            #expect(document["servers"]?.arrayValue?.first?["url"]?.stringValue == "https://pay.example.com")
            let schemas = try #require(document["components"]?["schemas"]?.objectValue)
            let schemes = try #require(document["components"]?["securitySchemes"]?.objectValue)
            var references: Set<String> = []
            Self.collectReferences(document, into: &references)
            #expect(!references.isEmpty)
            for reference in references {
                #expect(schemas[String(reference.dropFirst("#/components/schemas/".count))] != nil, "\(reference) does not resolve")
            }
            var ids: [String] = []
            for (path, item) in document["paths"]?.objectValue ?? [:] {
                for (_, operation) in item.objectValue ?? [:] {
                    ids.append(operation["operationId"]?.stringValue ?? "")
                    #expect(operation["summary"]?.stringValue?.isEmpty == false, "\(path) has no summary")
                    #expect(operation["responses"]?["default"] != nil, "\(path) has no default response")
                    let declared = Set((operation["parameters"]?.arrayValue ?? []).filter { $0["in"] == .string("path") }.compactMap { $0["name"]?.stringValue })
                    #expect(declared == Set(RouteTemplate(path).segments.compactMap { RouteTemplate.parameterName($0) }), "\(path)")
                    for requirement in operation["security"]?.arrayValue ?? [] {
                        for name in requirement.objectValue?.keys ?? [:].keys { #expect(schemes[name] != nil, "\(path): \(name)") }
                    }
                }
            }
            #expect(Set(ids).count == ids.count, "operation ids repeat: \(ids.sorted())")
        }
    }

    @Test("who may call what: admin routes need the bearer token, status and deliveries take a partner key, webhooks their signatures, health none")
    func security() async throws {
        try await withDocument { _, document, _ in
            func schemes(_ method: String, _ path: String) -> [String] {
                (document["paths"]?[path]?[method]?["security"]?.arrayValue ?? []).flatMap { $0.objectValue?.keys.sorted() ?? [] }
            }
            #expect(schemes("post", "/payments") == ["adminBearer"])
            #expect(schemes("get", "/deliveries") == ["adminBearer", "partnerApiKey"])
            #expect(schemes("get", "/partners/findyourwork/status") == ["adminBearer", "partnerApiKey"])
            #expect(schemes("post", "/webhooks/partner/{partner_id}") == ["seedSignature", "standardWebhooksSignature"])
            #expect(schemes("get", "/healthz") == [])
            #expect(schemes("get", "/checkout/mock/{token}") == [])
            #expect(document["paths"]?["/payments"]?["post"]?["responses"]?["201"]?["content"]?["application/json"]?["schema"]?["$ref"]
                == .string("#/components/schemas/Payment"))
            #expect(document["paths"]?["/reservations/{reservation_id}/cancel"]?["post"]?["summary"]?.stringValue?.hasPrefix("Cancel a reservation") == true)
            #expect(document["paths"]?["/metrics"]?["get"]?["responses"]?["200"]?["content"]?["text/plain; version=0.0.4"] != nil)
        }
    }

    @Test("the OpenAPI 3.1 validator (openapi-spec-validator) accepts the document", .enabled(if: Python.has("openapi_spec_validator") || Python.required))
    func validates() async throws {
        try await withDocument { _, _, bytes in
            try await withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("openapi.json")
                try Data(bytes).write(to: file)
                let run = try await ChildProcess.run("/usr/bin/env", ["python3", "-m", "openapi_spec_validator", file.path])
                #expect(run.status == 0, "\(run.output)\(run.errors)")
            }
        }
    }

    private static func collectReferences(_ value: JSONValue, into references: inout Set<String>) {
        switch value {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue { references.insert(reference) }
            for member in members.values { collectReferences(member, into: &references) }
        case .array(let elements):
            for element in elements { collectReferences(element, into: &references) }
        default:
            break
        }
    }
}
