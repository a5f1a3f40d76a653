import Foundation
import PasarelaKit

/// The partner's quick registration and the integration's status.
extension ChuwueGrillPack {
    /// `POST /partners/register/{partner}`: registers the marketplace with the host and shows its
    /// credentials once. A partner already registered is the host's 409.
    func registerPartner(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let body = try FieldReader(request.json(), allowed: ["webhook_url", "contact_email", "scheme", "name"])
        let webhookURL = try body.requiredString("webhook_url")
        guard let url = URL(string: webhookURL), ["http", "https"].contains(url.scheme?.lowercased()), url.host?.isEmpty == false else {
            throw PasarelaError(.invalidRequest, "webhook_url: must be an http or https URL, not '\(webhookURL)'")
        }
        let scheme = try body.optionalString("scheme") ?? "seed"
        guard SignatureSchemes.names.contains(scheme) else {
            throw PasarelaError(.invalidRequest, "scheme: must be \(SignatureSchemes.names.joined(separator: " or ")), not '\(scheme)'")
        }
        let registered = try await context.partners.register(
            PackPartnerRegistration(
                id: partnerID, name: try body.optionalString("name") ?? "FindyourWork", webhookURL: webhookURL,
                contactEmail: try body.optionalString("contact_email"), scheme: scheme, secret: settings.sharedSecret))
        return .created(
            .object([
                "partner_id": .string(registered.id),
                "webhook_url": .string(registered.webhookURL),
                "scheme": .string(registered.scheme),
                "shared_secret": .string(registered.sharedSecret),
                "api_key": .string(registered.apiKey),
                "message": .string("\(partnerID) is registered: store the shared secret and the API key now, they are not shown again"),
            ]))
    }

    /// `GET /partners/{partner}/status`: the host's status of the partner (when registered) plus
    /// how many reservations were forwarded, held back (fewer than `min_guests`) and cancelled.
    func partnerStatus(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let hostStatus = try await context.partners.status(partnerID: partnerID)
        var members = hostStatus?.objectValue ?? ["partner_id": .string(partnerID)]
        members["integration"] = .string(partnerID)
        members["registered"] = .bool(hostStatus != nil)
        members["reservations"] = try await reservationCounts(in: session)
        return .ok(.object(members))
    }

    private func reservationCounts(in session: PackSession) async throws -> JSONValue {
        let reservations = try await session.documents(withPrefix: Reservation.key("")).map { Reservation(json: $0.value) }
        func count(_ included: (Reservation) -> Bool) -> JSONValue { .number(String(reservations.filter(included).count)) }
        return .object([
            "forwarded": count(\.forwarded),
            "held": count { !$0.forwarded },
            "cancelled": count { $0.status == .cancelled },
        ])
    }
}
