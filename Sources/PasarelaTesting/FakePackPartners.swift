import PasarelaKit
import Synchronization

/// A `PackPartnerDirectory` in memory, for pack tests.
public final class FakePackPartners: PackPartnerDirectory {
    private let registered = Mutex<[String: PackPartnerRegistration]>([:])

    public init() {}

    /// Adds a partner as if it were configured.
    public func add(_ id: String, webhookURL: String = "https://partner.example/webhooks", scheme: String = "seed") {
        registered.withLock {
            $0[id] = PackPartnerRegistration(id: id, name: id, webhookURL: webhookURL, contactEmail: nil, scheme: scheme, secret: "secret")
        }
    }

    /// The registration of `id`, as the pack made it.
    public func registration(_ id: String) -> PackPartnerRegistration? {
        registered.withLock { $0[id] }
    }

    public func register(_ registration: PackPartnerRegistration) async throws -> PackRegisteredPartner {
        var stored = registration
        stored.secret = registration.secret ?? "generated-secret-\(registration.id)"
        let taken = registered.withLock { partners -> Bool in
            guard partners[registration.id] == nil else { return true }
            partners[registration.id] = stored
            return false
        }
        guard !taken else { throw PasarelaError(.invalidState, "partner \(registration.id) is already registered") }
        return PackRegisteredPartner(
            id: stored.id, webhookURL: stored.webhookURL, scheme: stored.scheme, sharedSecret: stored.secret ?? "",
            apiKey: "pak_test_\(stored.id)")
    }

    public func contains(partnerID: String) async throws -> Bool {
        registered.withLock { $0[partnerID] != nil }
    }

    public func status(partnerID: String) async throws -> JSONValue? {
        guard let partner = registered.withLock({ $0[partnerID] }) else { return nil }
        return .object([
            "partner_id": .string(partner.id), "webhook_url": .string(partner.webhookURL), "scheme": .string(partner.scheme),
        ])
    }
}
