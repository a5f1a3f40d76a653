import ChuwueGrillPack
import FindyourWorkPack
import Foundation
import MercadoPagoProvider
import MockProvider
@testable import PasarelaHost
import PasarelaKit
import StripeProvider
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    let registry = try! ModuleRegistry([MockModule.descriptor])

    func load(_ yaml: String, environment: [String: String] = [:]) throws(ConfigurationError) -> HostConfiguration {
        try ConfigurationLoader(environment: environment).load(yaml: yaml)
    }

    func expectError(_ yaml: String, key: String, contains text: String, environment: [String: String] = [:]) {
        let error = #expect(throws: ConfigurationError.self) {
            let configuration = try load(yaml, environment: environment)
            _ = try registry.resolveInstances(configuration.payments)
        }
        #expect(error?.description.hasPrefix("\(key): ") == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains(text) == true, "\(error?.description ?? "no error")")
    }

    static let samples = Repository.root.appendingPathComponent("Samples")

    @Test("every sample configuration the README uses loads and resolves its modules")
    func samplesLoad() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.contains("bench.yaml") && files.contains("mercadopago.yaml"))
        let registry = try ModuleRegistry([MockModule.descriptor, StripeModule.descriptor, MercadoPagoModule.descriptor])
        let environment = [
            "MOCK_WEBHOOK_SECRET": "sample", "STRIPE_SECRET_KEY": "sk_test_sample", "STRIPE_WEBHOOK_SECRET": "whsec_sample",
            "MP_ACCESS_TOKEN": "TEST-sample", "MP_WEBHOOK_SECRET": "sample",
        ]
        for file in files {
            let configuration = try ConfigurationLoader(environment: environment)
                .load(path: Self.samples.appendingPathComponent(file).path)
            _ = try registry.resolveInstances(configuration.payments)
        }
    }

    @Test("the two-host demo's configs load and resolve their packs, with the seed's environment")
    func demoConfigsLoad() throws {
        let folder = Self.samples.appendingPathComponent("chuwue-findyourwork")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files == ["chuwue-grill-standard.yaml", "chuwue-grill.yaml", "findyourwork-standard.yaml", "findyourwork.yaml"])
        let registry = try ModuleRegistry([MockModule.descriptor, ChuwueGrillModule.descriptor, FindyourWorkModule.descriptor])
        let environment = [
            "FINDYOURWORK_WEBHOOK_SECRET": "shared_secret_chuwue_findyourwork", "CHUWUE_GRILL_WEBHOOK_SECRET": "shared_secret_chuwue_findyourwork",
            "STANDARD_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ]
        for file in files {
            let configuration = try ConfigurationLoader(environment: environment).load(path: folder.appendingPathComponent(file).path)
            let packs = try registry.resolvePacks(configuration.packs)
            #expect(packs.map(\.name) == [file.hasPrefix("chuwue") ? "chuwue-grill" : "findyourwork"])
            #expect(configuration.server.port == (file.hasPrefix("chuwue") ? 8002 : 8010))
        }
    }

    @Test("pack options: a name alone, or a mapping whose nested lists and mappings reach the module as JSON")
    func packOptions() throws {
        let configuration = try load("""
            packs:
              - chuwue-grill
              - module: findyourwork
                catalog:
                  - {service_id: 501, service_type: dj, price: 300.00, provider: {name: DJ Retro}, active: true, note: "12"}
            """)
        #expect(configuration.packs.map(\.name) == ["chuwue-grill", "findyourwork"])
        #expect(configuration.packs[0].options.isEmpty)
        let catalog = try #require(configuration.packs[1].options["catalog"])
        #expect(catalog == .json(.array([.object([
            "service_id": .number("501"), "service_type": .string("dj"), "price": .number("300.00"),
            "provider": .object(["name": .string("DJ Retro")]), "active": .bool(true), "note": .string("12"),
        ])])))
        expectError("packs: {chuwue-grill: {}}", key: "packs", contains: "must be a list")
    }

    @Test("no file means the embedded defaults: mock, SQLite file, port 8080, identity pasarela")
    func defaults() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(path: nil)
        #expect(configuration.identity == "pasarela")
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.maxBodyBytes == 1_048_576)
        #expect(configuration.storageURL == "sqlite:./pasarela.sqlite")
        #expect(configuration.adminToken == nil)
        #expect(configuration.payments.defaultInstance == "mock")
        #expect(try registry.resolveInstances(configuration.payments).map(\.name) == ["mock"])
    }

    @Test("a full file with ${VAR} and ${VAR:-default} interpolation")
    func interpolation() throws {
        let yaml = """
            identity: chuwue-grill
            server: {host: 0.0.0.0, port: "${PORT:-8002}", max_body_bytes: 2048}
            admin: {token: "${PASARELA_TOKEN}"}
            storage: {url: "sqlite:${DATA_DIR:-.}/chuwue.sqlite"}
            payments:
              default: primary
              instances:
                primary: {module: mock, webhook_secret: "${MOCK_SECRET}", webhook_tolerance_seconds: 60}
              routes: [{currency: ars, instance: primary}]
            """
        let configuration = try load(yaml, environment: ["PASARELA_TOKEN": "a-long-admin-token-value", "MOCK_SECRET": "s3cr3t", "DATA_DIR": ""])
        #expect(configuration.identity == "chuwue-grill")
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 8002)
        #expect(configuration.server.maxBodyBytes == 2048)
        #expect(configuration.adminToken == "a-long-admin-token-value")
        #expect(configuration.storageURL == "sqlite:./chuwue.sqlite")
        #expect(configuration.payments.routes == [PaymentRoute(currency: .ars, instance: "primary")])
        let instance = try #require(try registry.resolveInstances(configuration.payments).first)
        #expect(instance.options.string("webhook_secret") == "s3cr3t")
        #expect(instance.options.integer("webhook_tolerance_seconds") == 60)
        #expect(instance.options.masked["webhook_secret"] == "****")
    }

    @Test("PASARELA_* variables override keys")
    func environmentOverrides() throws {
        let configuration = try load(
            "server: {port: 9000}",
            environment: [
                "PASARELA_SERVER_PORT": "9100", "PASARELA_ADMIN_TOKEN": "token-from-the-environment",
                "PASARELA_STORAGE_URL": "sqlite::memory:", "PASARELA_IDENTITY": "findyourwork",
            ])
        #expect(configuration.server.port == 9100)
        #expect(configuration.adminToken == "token-from-the-environment")
        #expect(configuration.storageURL == "sqlite::memory:")
        #expect(configuration.identity == "findyourwork")
    }

    @Test("$${ writes a literal ${; a null option counts as absent; PASARELA_PAYMENTS_DEFAULT picks the default")
    func escapesNullsAndDefaultOverride() throws {
        let yaml = """
            payments:
              instances:
                a: {module: mock, webhook_secret: "pre$${KEEP}post"}
                b: {module: mock, webhook_secret: null}
            """
        let configuration = try load(yaml, environment: ["PASARELA_PAYMENTS_DEFAULT": "b"])
        #expect(configuration.payments.defaultInstance == "b")
        let instances = try registry.resolveInstances(configuration.payments)
        #expect(instances[0].options.string("webhook_secret") == "pre${KEEP}post")
        #expect(instances[1].options.string("webhook_secret") == nil)
        expectError("identity: \"${UNTERMINATED\"", key: "identity", contains: "unterminated")
    }

    @Test("an unknown module stops startup and names the key")
    func unknownModule() {
        expectError(
            "payments: {instances: {pay: {module: stirpe}}}", key: "payments.instances.pay.module",
            contains: "unknown module 'stirpe'")
    }

    @Test("module option errors name the key")
    func optionErrors() {
        expectError(
            "payments: {instances: {mock: {module: mock, webhook_tolerance_seconds: soon}}}",
            key: "payments.instances.mock.webhook_tolerance_seconds", contains: "expected integer")
        expectError(
            "payments: {instances: {mock: {module: mock, secret: x}}}", key: "payments.instances.mock.secret",
            contains: "unknown option")
        expectError("payments: {instances: {mock: {webhook_secret: x}}}", key: "payments.instances.mock.module", contains: "is required")
    }

    @Test("structural errors name the key")
    func structuralErrors() {
        expectError("server: {port: eighty}", key: "server.port", contains: "expected an integer")
        expectError("server: {port: 70000}", key: "server.port", contains: "between 0 and 65535")
        expectError("sever: {port: 1}", key: "sever", contains: "unknown key")
        expectError("server: {prot: 1}", key: "server.prot", contains: "unknown key")
        expectError("payments: {default: nope}", key: "payments.default", contains: "not a configured instance")
        expectError(
            "payments: {routes: [{currency: ARS, instance: nope}]}", key: "payments.routes[0].instance",
            contains: "not a configured instance")
        expectError("payments: {routes: [{currency: ZZZ, instance: mock}]}", key: "payments.routes[0].currency", contains: "ISO 4217")
        expectError("admin: {token: short}", key: "admin.token", contains: "at least 16")
        expectError("delivery: {timeout_seconds: 30}", key: "delivery.lease_seconds", contains: "longer than delivery.timeout_seconds")
        expectError("delivery: {max_in_flight: 0}", key: "delivery.max_in_flight", contains: "between 1 and 4096")
        expectError("admin: {token: \"${MISSING_TOKEN}\"}", key: "admin.token", contains: "MISSING_TOKEN is not set")
        expectError("modules: {paths: libAcme.so}", key: "modules.paths", contains: "must be a list")
        expectError("modules: {paths: [\"\"]}", key: "modules.paths[0]", contains: "is empty")
        expectError("modules: {path: []}", key: "modules.path", contains: "unknown key")
    }

    @Test("delivery.max_in_flight sets the worker's slots; one partner still takes 16 at most")
    func maxInFlight() throws {
        let loader = ConfigurationLoader(environment: [:])
        for (yaml, total, perPartner) in [("delivery: {max_in_flight: 256}", 256, 16), ("delivery: {max_in_flight: 4}", 4, 4), ("{}", 32, 16)] {
            let settings = DeliveryWorker.Settings(try loader.load(yaml: yaml), urlPolicy: WebhookURLPolicy(allowPrivateNetworks: true))
            #expect(settings.maximumInFlight == total, "\(yaml)")
            #expect(settings.perPartner == perPartner, "\(yaml)")
        }
    }

    @Test("modules.paths in a file are taken from the file's folder unless absolute")
    func modulePaths() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("host.yaml")
            try #"modules: {paths: ["mods/libAcme.so", "../libShared.so", "/opt/pasarela/libB.so"]}"#
                .write(to: file, atomically: true, encoding: .utf8)
            let configuration = try ConfigurationLoader(environment: [:]).load(path: file.path)
            #expect(configuration.modulePaths == [
                directory.appendingPathComponent("mods/libAcme.so").path,
                directory.deletingLastPathComponent().appendingPathComponent("libShared.so").path, "/opt/pasarela/libB.so",
            ])
            #expect(try load("").modulePaths.isEmpty)
        }
    }

    @Test("invalid YAML is refused with a message")
    func invalidYAML() {
        #expect(throws: ConfigurationError.self) { try load("server: {port: [") }
        #expect(throws: ConfigurationError.self) { try load("- just\n- a list") }
    }

    @Test("two modules with one name are refused")
    func duplicateModules() {
        #expect(throws: ConfigurationError.self) { try ModuleRegistry([MockModule.descriptor, MockModule.descriptor]) }
    }
}

extension ConfigurationTests {
    @Test("an unsupported storage URL names the key")
    func storageURL() {
        expectError("storage: {url: \"mysql://u:hunter2@db/x\"}", key: "storage.url", contains: "unsupported storage scheme 'mysql'")
        let error = #expect(throws: ConfigurationError.self) { try load("storage: {url: \"mysql://u:hunter2@db/x\"}") }
        #expect(error?.description.contains("hunter2") == false)
        expectError("storage: {url: \"postgres://u:hunter2@db\"}", key: "storage.url", contains: "names no database")
        expectError("storage: {url: \"postgresql://u:hunter2@db/x?sslmode=verify-any\"}", key: "storage.url", contains: "sslmode")
        for url in ["postgres://u:hunter2@db", "postgres://u:hunter2@db/x?sslmode=verify-any", "postgres://u:hunter2@db/x?tls=1"] {
            let error = #expect(throws: ConfigurationError.self) { try load("storage: {url: \"\(url)\"}") }
            #expect(error?.description.contains("hunter2") == false, "\(error?.description ?? "no error")")
        }
        #expect(throws: Never.self) { try load("storage: {url: \"postgres://u:hunter2@db:6543/x?sslmode=disable\"}") }
        expectError("storage: {url: \"sqlite:\"}", key: "storage.url", contains: "file path")
    }
}

extension ConfigurationTests {
    @Test("storage.sqlite_synchronous takes full or normal, also from the environment, and names itself when wrong")
    func sqliteSynchronous() {
        for value in ["full", "normal"] {
            #expect(throws: Never.self) { try load("storage: {url: \"sqlite:x.sqlite\", sqlite_synchronous: \(value)}") }
        }
        for bad in ["off", "NORMAL", "1", "\"\""] {
            expectError("storage: {sqlite_synchronous: \(bad)}", key: "storage.sqlite_synchronous", contains: "full or normal")
        }
        expectError("", key: "storage.sqlite_synchronous", contains: "full or normal", environment: ["PASARELA_STORAGE_SQLITE_SYNCHRONOUS": "extra"])
    }
}

extension ConfigurationTests {
    @Test("config check's report masks secrets and names every instance and route")
    func report() throws {
        let yaml = """
            admin: {token: "a-very-secret-admin-token"}
            payments:
              instances:
                mock: {module: mock, webhook_secret: hunter2}
                mock-ar: {module: mock}
              routes: [{currency: ARS, instance: mock-ar}]
            """
        let configuration = try load(yaml)
        let report = ConfigurationReport.render(configuration, instances: try registry.resolveInstances(configuration.payments))
        #expect(report.contains("  mock: module mock, webhook_secret=****, webhook_tolerance_seconds=300"))
        #expect(report.contains("  mock-ar: module mock, webhook_tolerance_seconds=300"))
        #expect(report.contains("route: currency ARS -> mock-ar"))
        #expect(!report.contains("hunter2"))
        #expect(!report.contains("a-very-secret-admin-token"))
        #expect(ConfigurationReport.redactedURL("postgres://app:pw@db:5432/x") == "postgres://app:****@db:5432/x")
    }
}
