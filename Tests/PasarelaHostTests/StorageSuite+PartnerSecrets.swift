import Foundation
import PasarelaHost
import PasarelaKit
import Testing

extension StorageSuite {
    /// ``PasarelaStorage/replacePartnerSecrets(id:from:to:)`` writes only over the values it was given.
    static func partnerSecretsCompareAndSet(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        let partner = Partner(
            id: "acme", name: "ACME", webhookURL: "https://acme.example/hooks", scheme: "standard", secret: "plain",
            origin: .api, createdAt: now, updatedAt: now)
        try await storage.insertPartner(partner)
        #expect(try await storage.replacePartnerSecrets(id: "acme", from: ("plain", nil), to: ("sealed", nil)))
        #expect(try await storage.replacePartnerSecrets(id: "acme", from: ("plain", nil), to: ("stale", nil)) == false)
        #expect(try await storage.replacePartnerSecrets(id: "acme", from: ("sealed", "old"), to: ("stale", nil)) == false)
        #expect(try await storage.replacePartnerSecrets(id: "acme", from: ("sealed", nil), to: ("current", "previous")))
        #expect(try await storage.replacePartnerSecrets(id: "acme", from: ("current", "previous"), to: ("next", "current")))
        #expect(try await storage.replacePartnerSecrets(id: "nobody", from: ("plain", nil), to: ("x", nil)) == false)
        let stored = try #require(try await storage.partner(id: "acme"))
        #expect(stored.secret == "next")
        #expect(stored.previousSecret == "current")
        #expect(stored.name == "ACME")
    }
}
