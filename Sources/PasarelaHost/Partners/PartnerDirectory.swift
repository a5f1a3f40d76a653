import Foundation
import Synchronization

/// Partners as the host reads and writes them: storage, with secrets encrypted at rest when
/// `secrets.key` is configured. Everything that touches partners goes through here.
///
/// Lookups by id are cached for ``cacheLifetime`` (every inbound webhook needs one); this host's
/// own changes take effect at once, other hosts' on the same database within that time.
struct PartnerDirectory: Sendable {
    static let cacheLifetime: Duration = .seconds(2)

    let storage: any PartnerStore
    let cipher: SecretCipher?
    private let cache = PartnerCache()
    /// The delivery controls (disabled, fifo, paced partners) as last read.
    let controls = DeliveryControlsCache()

    init(storage: any PartnerStore, cipher: SecretCipher?) {
        self.storage = storage
        self.cipher = cipher
    }

    func partner(id: String) async throws -> Partner? {
        if let cached = cache.lookup(id) { return cached }
        let partner = try await storage.partner(id: id).map(opened)
        cache.store(id, partner)
        return partner
    }

    /// The partner as cached, without a read: `nil` when not cached, `.some(nil)` when known
    /// not to exist.
    func cachedPartner(id: String) -> Partner?? {
        cache.lookup(id)
    }

    func partner(apiKeyHash: String) async throws -> Partner? {
        try await storage.partner(apiKeyHash: apiKeyHash).map(opened)
    }

    func partners() async throws -> [Partner] {
        try await storage.partners().map(opened)
    }

    func insert(_ partner: Partner) async throws {
        try await storage.insertPartner(try sealed(partner))
        cache.forget(partner.id)
    }

    func update(_ partner: Partner) async throws {
        try await storage.updatePartner(try sealed(partner))
        cache.forget(partner.id)
    }

    /// Forgets what is cached of partner `id`.
    func forget(_ id: String) {
        cache.forget(id)
    }

    func delete(id: String) async throws -> Bool {
        defer { cache.forget(id) }
        return try await storage.deletePartner(id: id)
    }

    /// Opens every stored secret, so a wrong key or a moved ciphertext stops the start, and seals
    /// anew those not in the cipher's current form: plain text written before `secrets.key` was
    /// set, and the previous version's ciphertexts. A row another host changed meanwhile is left
    /// as that host wrote it. Returns how many partners were sealed anew.
    @discardableResult
    func sealStoredSecrets() async throws -> Int {
        guard cipher != nil else { return 0 }
        var resealed = 0
        for stored in try await storage.partners() {
            let partner = try opened(stored)
            let isCurrent = SecretCipher.isCurrent(stored.secret) && (stored.previousSecret.map(SecretCipher.isCurrent) ?? true)
            let headersCurrent = stored.headers.values.allSatisfy(SecretCipher.isCurrent)
            if isCurrent && headersCurrent { continue }
            let sealed = try sealed(partner)
            if !isCurrent,
                try await storage.replacePartnerSecrets(
                    id: stored.id, from: (stored.secret, stored.previousSecret), to: (sealed.secret, sealed.previousSecret))
            {
                resealed += 1
            }
            if !headersCurrent {
                // Headers came with this release: no earlier host writes them, so a plain update is safe.
                var withHeaders = try await storage.partner(id: stored.id) ?? stored
                withHeaders.headers = sealed.headers
                try await storage.updatePartner(withHeaders)
                if isCurrent { resealed += 1 }
            }
            cache.forget(stored.id)
        }
        return resealed
    }

    private func sealed(_ partner: Partner) throws -> Partner {
        guard let cipher else { return partner }
        var sealed = partner
        sealed.secret = try cipher.seal(partner.secret, in: .secret(of: partner.id))
        sealed.previousSecret = try partner.previousSecret.map { try cipher.seal($0, in: .previousSecret(of: partner.id)) }
        for (name, value) in partner.headers {
            sealed.headers[name] = try cipher.seal(value, in: .header(name, of: partner.id))
        }
        return sealed
    }

    private func opened(_ partner: Partner) throws -> Partner {
        var opened = partner
        if let cipher {
            opened.secret = try cipher.open(partner.secret, in: .secret(of: partner.id))
            opened.previousSecret = try partner.previousSecret.map { try cipher.open($0, in: .previousSecret(of: partner.id)) }
            for (name, value) in partner.headers {
                opened.headers[name] = try cipher.open(value, in: .header(name, of: partner.id))
            }
        } else if SecretCipher.isSealed(partner.secret) || partner.previousSecret.map(SecretCipher.isSealed) == true
            || partner.headers.values.contains(where: SecretCipher.isSealed)
        {
            throw ConfigurationError(key: "secrets.key", "partner secrets are encrypted; set secrets.key to read them")
        }
        return opened
    }
}

/// Recently read partners (or their absence), each kept for ``PartnerDirectory/cacheLifetime``.
private final class PartnerCache: Sendable {
    private let entries = Mutex<[String: (partner: Partner?, expires: ContinuousClock.Instant)]>([:])

    /// `nil` when not cached; `.some(nil)` when the partner is known not to exist.
    func lookup(_ id: String) -> Partner?? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.expires > .now else { return nil }
            return .some(entry.partner)
        }
    }

    func store(_ id: String, _ partner: Partner?) {
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[id] = (partner, .now + PartnerDirectory.cacheLifetime)
        }
    }

    func forget(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
