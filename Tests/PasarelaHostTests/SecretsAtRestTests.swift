import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import PasarelaHost
import PasarelaKit
import Testing

/// Partner secrets encrypted at rest with `secrets.key`, on every storage backend, as a host
/// started on an existing database finds them.
@Suite("Partner secrets at rest")
struct SecretsAtRestTests {
    static let key = "a-long-secrets-key-for-tests"

    /// The partner-webhook test host on `url`, with `secrets.key` set to `key` unless it is `nil`.
    static func yaml(_ url: String, key: String? = key) -> String {
        StorageBackend.yaml(PartnerWebhookTests.yaml, storage: url) + (key.map { "\nsecrets: {key: \"\($0)\"}" } ?? "")
    }

    /// Starts a host on `yaml`, serves `body` through its router, and stops it (closing its storage).
    func withHost(_ yaml: String, _ body: @escaping @Sendable (any TestClientProtocol, HostApplication) async throws -> Void) async throws {
        let host = try await TestHost.make(yaml: yaml)
        try await host.application.test(.router) { client in try await body(client, host) }
    }

    /// Registers partners by name through the API; returns their shared secrets by partner id.
    func register(_ names: [String], on yaml: String) async throws -> [String: String] {
        let secrets = Shared<[String: String]>([:])
        try await withHost(yaml) { client, _ in
            for name in names {
                let answer = try await client.send(.post, "/partners/register", #"{"name":"\#(name)","webhook_url":"https://\#(name).example/h"}"#)
                let secret = try #require(answer.json["shared_secret"]?.stringValue)
                secrets.update { $0[name.lowercased()] = secret }
            }
        }
        return secrets.get()
    }

    /// The status of a Standard Webhooks message to `partner` signed with `secret`.
    func signed(_ client: some TestClientProtocol, to partner: String, secret: String) async throws -> HTTPResponse.Status {
        let body = #"{"event_type":"vault.opened","data":{}}"#
        let headers = try PartnerWebhookTests().standardHeaders(body, id: "msg_\(UUID().uuidString)", at: Date(), secret: secret)
        return try await client.send(.post, "/webhooks/partner/\(partner)", body, headers: headers).status
    }

    /// Changes stored partner rows directly, as someone with access to the database could.
    func tamper(_ url: String, _ change: (any PasarelaStorage) async throws -> Void) async throws {
        var logger = Logger(label: "pasarela.test")
        logger.logLevel = .critical
        let storage = try await StorageFactory.open(url: url, logger: logger)
        try await withRunningStorages([storage]) { try await change(storage) }
    }

    /// Replaces `partner`'s stored secret with `secret`.
    func store(_ secret: String, for partner: String, in url: String) async throws {
        try await tamper(url) { storage in
            var row = try #require(try await storage.partner(id: partner))
            row.secret = secret
            try await storage.updatePartner(row)
        }
    }

    /// `partner`'s secret as stored.
    func storedSecret(_ partner: String, in url: String) async throws -> String {
        var stored = ""
        try await tamper(url) { storage in stored = try #require(try await storage.partner(id: partner)).secret }
        return stored
    }

    @Test("secrets stored before secrets.key was set are encrypted at the next start and still verify, on every host of the database", arguments: StorageBackend.available)
    func plaintextRowsAreEncrypted(backend: StorageBackend) async throws {
        try await backend.withDatabase { url in
            let secret = try #require(try await register(["Vault"], on: Self.yaml(url, key: nil))["vault"])
            #expect(try await storedSecret("vault", in: url) == secret)
            let first = try await TestHost.make(yaml: Self.yaml(url))
            let second = try await TestHost.make(yaml: Self.yaml(url))
            for host in [first, second] {
                try await host.application.test(.router) { client in
                    let status = try await signed(client, to: "vault", secret: secret)
                    #expect(status == .ok)
                }
            }
            for partner in ["vault", "findyourwork"] {
                let stored = try await storedSecret(partner, in: url)
                #expect(stored.hasPrefix("enc:"), "\(partner)")
                #expect(!stored.contains(secret) && !stored.contains(PartnerWebhookTests.seedSecret))
            }
        }
    }

    @Test("secrets sealed by the previous version (enc:v1: unsalted key, no AAD) still verify, and are sealed anew at start", arguments: StorageBackend.available)
    func previousFormat(backend: StorageBackend) async throws {
        try await backend.withDatabase { url in
            let secret = try #require(try await register(["Vault"], on: Self.yaml(url, key: nil))["vault"])
            let legacyKey = SymmetricKey(data: SHA256.hash(data: Array(Self.key.utf8)))
            let sealed = try #require(try AES.GCM.seal(Array(secret.utf8), using: legacyKey).combined)
            try await store("enc:v1:" + sealed.base64EncodedString(), for: "vault", in: url)
            try await withHost(Self.yaml(url)) { client, _ in
                let status = try await signed(client, to: "vault", secret: secret)
                #expect(status == .ok)
            }
            let stored = try await storedSecret("vault", in: url)
            #expect(stored.hasPrefix("enc:") && !stored.hasPrefix("enc:v1:"))
            try await withHost(Self.yaml(url)) { client, _ in
                let status = try await signed(client, to: "vault", secret: secret)
                #expect(status == .ok)
            }
        }
    }

    @Test("a sealed secret moved to another partner's row, or to another database with the same key, stops the start", arguments: StorageBackend.available)
    func movedCiphertexts(backend: StorageBackend) async throws {
        try await backend.withDatabase { url in
            _ = try await register(["Alpha", "Beta"], on: Self.yaml(url))
            let alpha = try await storedSecret("alpha", in: url)
            try await backend.withDatabase { otherURL in
                _ = try await register(["Alpha"], on: Self.yaml(otherURL))
                try await store(alpha, for: "alpha", in: otherURL)
                let error = await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: Self.yaml(otherURL)) }
                #expect(error?.key == "secrets.key")
            }
            try await store(alpha, for: "beta", in: url)
            let error = await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: Self.yaml(url)) }
            #expect(error?.key == "secrets.key")
            #expect(error?.description.contains("beta") == true, "\(error?.description ?? "")")
        }
    }
}
