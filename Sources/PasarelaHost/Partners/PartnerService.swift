import Crypto
import Foundation
import Logging
import PasarelaKit

/// Registers, changes and removes partners, and keeps those of the configuration file in storage.
struct PartnerService: Sendable {
    static let defaultGracePeriod: TimeInterval = 24 * 3600

    let directory: PartnerDirectory
    let clock: any WallClock
    let urlPolicy: WebhookURLPolicy
    let logger: Logger
    /// Read again after every change here, so this host's next event already sees the change.
    var bus: EventBus?

    /// Writes the configuration file's partners into storage, replacing what they had, and
    /// removes partners that came from the file but are no longer in it.
    func applyConfigured(_ definitions: [PartnerDefinition]) async throws {
        let now = clock.now()
        for definition in definitions {
            do {
                try urlPolicy.check(definition.webhookURL)
            } catch {
                throw ConfigurationError(key: "partners.\(definition.id).webhook_url", error.message)
            }
            do {
                try Self.check(secret: definition.secret, scheme: definition.scheme, now: now)
            } catch {
                throw ConfigurationError(key: "partners.\(definition.id).secret", "not a valid \(definition.scheme) secret: \(error.reason)")
            }
            var partner = try await directory.partner(id: definition.id)
                ?? Partner(
                    id: definition.id, name: definition.name, webhookURL: definition.webhookURL, scheme: definition.scheme,
                    secret: definition.secret, origin: .config, createdAt: now, updatedAt: now)
            let isNew = partner.createdAt == now
            partner.name = definition.name
            partner.webhookURL = definition.webhookURL
            partner.scheme = definition.scheme
            partner.events = definition.events
            partner.headers = definition.headers
            partner.eventBus = definition.eventBus
            partner.rateLimitPerSecond = definition.rateLimitPerSecond
            partner.ordering = definition.ordering
            if partner.secret != definition.secret {
                partner.secret = definition.secret
                partner.previousSecret = nil
                partner.previousSecretExpiresAt = nil
            }
            partner.origin = .config
            partner.updatedAt = now
            if isNew {
                do {
                    try await directory.insert(partner)
                } catch is StorageConflict {
                    // Another host sharing the database wrote it a moment ago: the file wins all the same.
                    try await directory.update(partner)
                }
            } else {
                try await directory.update(partner)
            }
        }
        let listed = Set(definitions.map(\.id))
        for stale in try await directory.partners() where stale.origin == .config && !listed.contains(stale.id) {
            _ = try await directory.delete(id: stale.id)
            logger.info("partner removed from the configuration file", metadata: ["partner_id": "\(stale.id)"])
        }
    }

    /// Registers a partner; returns it with its secret and API key, shown this once.
    func register(_ input: PartnerRegistration) async throws -> (partner: Partner, apiKey: String) {
        try await urlPolicy.checkRegistered(input.webhookURL)
        let scheme = try SignatureSchemes.named(input.scheme)
        let now = clock.now()
        if let secret = input.secret {
            do {
                try Self.check(secret: secret, scheme: input.scheme, now: now)
            } catch {
                throw PasarelaError(.invalidRequest, "the shared secret is not a valid \(input.scheme) secret: \(error.reason)")
            }
        }
        let apiKey = "pak_" + SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.hexString
        var partner = Partner(
            id: input.id, name: input.name, webhookURL: input.webhookURL, contactEmail: input.contactEmail,
            scheme: input.scheme, events: input.events, headers: input.headers, secret: input.secret ?? scheme.generateSecret(),
            apiKeyHash: Self.hash(apiKey), origin: .api, createdAt: now, updatedAt: now)
        partner.eventBus = input.eventBus
        partner.rateLimitPerSecond = input.rateLimitPerSecond
        partner.ordering = input.ordering
        do {
            try await directory.insert(partner)
        } catch let conflict as StorageConflict {
            throw PasarelaError(.invalidState, conflict.description)
        }
        logger.info("partner registered", metadata: ["partner_id": "\(partner.id)", "scheme": "\(partner.scheme)"])
        directory.controls.expire()
        await bus?.refresh()
        return (partner, apiKey)
    }

    func partner(id: String) async throws -> Partner {
        guard let partner = try await directory.partner(id: id) else { throw PasarelaError(.notFound, "no partner \(id)") }
        return partner
    }

    func update(id: String, with change: PartnerChange) async throws -> Partner {
        if change.changesStatusOnly, let status = change.status {
            // Operational state: partners from the config file take it too.
            return try await setStatus(id: id, status)
        }
        var partner = try await editable(id)
        if let url = change.webhookURL {
            try await urlPolicy.checkRegistered(url)
            partner.webhookURL = url
        }
        if let name = change.name { partner.name = name }
        if let email = change.contactEmail { partner.contactEmail = email }
        if let events = change.events { partner.events = events }
        if let headers = change.headers { partner.headers = headers }
        if let eventBus = change.eventBus { partner.eventBus = eventBus }
        if let rate = change.rateLimitPerSecond { partner.rateLimitPerSecond = rate }
        if let ordering = change.ordering { partner.ordering = ordering }
        partner.updatedAt = clock.now()
        try await directory.update(partner)
        directory.controls.expire()
        await bus?.refresh()
        if let status = change.status { return try await setStatus(id: id, status) }
        return partner
    }

    /// Enables (clearing its reason and run of failures) or disables partner `id`.
    private func setStatus(id: String, _ status: PartnerStatus) async throws -> Partner {
        let reason = status == .disabled ? "disabled by an operator" : nil
        guard try await directory.setStatus(id: id, status: status, reason: reason) else {
            throw PasarelaError(.notFound, "no partner \(id)")
        }
        logger.info("partner \(status.rawValue)", metadata: ["partner_id": "\(id)"])
        await bus?.refresh()
        return try await partner(id: id)
    }

    func delete(id: String) async throws {
        _ = try await editable(id)
        _ = try await directory.delete(id: id)
        await bus?.refresh()
        logger.info("partner deleted", metadata: ["partner_id": "\(id)"])
    }

    /// A new secret; the old one stays valid for `gracePeriod` seconds.
    func rotateSecret(id: String, gracePeriod: TimeInterval) async throws -> Partner {
        var partner = try await editable(id)
        let now = clock.now()
        partner.previousSecret = partner.secret
        partner.previousSecretExpiresAt = now.addingTimeInterval(gracePeriod)
        partner.secret = try SignatureSchemes.named(partner.scheme).generateSecret()
        partner.updatedAt = now
        try await directory.update(partner)
        logger.info("partner secret rotated", metadata: ["partner_id": "\(id)"])
        return partner
    }

    /// Refuses a secret the scheme cannot sign with (e.g. a `standard` secret without `whsec_`).
    private static func check(secret: String, scheme: String, now: Date) throws(SignatureError) {
        _ = try SignatureSchemes.named(scheme).sign(SignedMessage(id: "check", timestamp: now, body: Array("{}".utf8)), secrets: [secret])
    }

    /// SHA-256 of an API key, as stored.
    static func hash(_ apiKey: String) -> String {
        Array(SHA256.hash(data: Array(apiKey.utf8))).hexString
    }

    private func editable(_ id: String) async throws -> Partner {
        let partner = try await partner(id: id)
        guard partner.origin == .api else {
            throw PasarelaError(.invalidState, "partner \(id) is defined in the configuration file; change it there")
        }
        return partner
    }
}
