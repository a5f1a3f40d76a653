import PasarelaKit

/// The host's partners as packs see them.
struct HostPackPartners: PackPartnerDirectory {
    let service: PartnerService
    let storage: any PasarelaStorage

    func register(_ registration: PackPartnerRegistration) async throws -> PackRegisteredPartner {
        let (partner, apiKey) = try await service.register(
            PartnerRegistration(
                id: registration.id, name: registration.name, webhookURL: registration.webhookURL,
                contactEmail: registration.contactEmail, scheme: registration.scheme, events: [], secret: registration.secret))
        return PackRegisteredPartner(
            id: partner.id, webhookURL: partner.webhookURL, scheme: partner.scheme, sharedSecret: partner.secret, apiKey: apiKey)
    }

    func contains(partnerID: String) async throws -> Bool {
        try await service.directory.partner(id: partnerID) != nil
    }

    func status(partnerID: String) async throws -> JSONValue? {
        guard let partner = try await service.directory.partner(id: partnerID) else { return nil }
        return DeliveryResource.status(of: partner, try await storage.deliveryHealth(partnerID: partner.id))
    }
}
