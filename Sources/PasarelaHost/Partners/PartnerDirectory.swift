import Foundation

/// Partners as the host reads and writes them: storage, with secrets encrypted at rest when
/// `secrets.key` is configured. Everything that touches partners goes through here.
struct PartnerDirectory: Sendable {
    let storage: any PasarelaStorage
    let cipher: SecretCipher?

    func partner(id: String) async throws -> Partner? {
        try await storage.partner(id: id).map(opened)
    }

    func partner(apiKeyHash: String) async throws -> Partner? {
        try await storage.partner(apiKeyHash: apiKeyHash).map(opened)
    }

    func partners() async throws -> [Partner] {
        try await storage.partners().map(opened)
    }

    func insert(_ partner: Partner) async throws {
        try await storage.insertPartner(try sealed(partner))
    }

    func update(_ partner: Partner) async throws {
        try await storage.updatePartner(try sealed(partner))
    }

    func delete(id: String) async throws -> Bool {
        try await storage.deletePartner(id: id)
    }

    private func sealed(_ partner: Partner) throws -> Partner {
        guard let cipher else { return partner }
        var sealed = partner
        sealed.secret = try cipher.seal(partner.secret)
        sealed.previousSecret = try partner.previousSecret.map(cipher.seal)
        return sealed
    }

    private func opened(_ partner: Partner) throws -> Partner {
        var opened = partner
        if let cipher {
            opened.secret = try cipher.open(partner.secret)
            opened.previousSecret = try partner.previousSecret.map(cipher.open)
        } else if partner.secret.hasPrefix(SecretCipher.prefix) {
            throw ConfigurationError(key: "secrets.key", "partner secrets are encrypted; set secrets.key to read them")
        }
        return opened
    }
}
