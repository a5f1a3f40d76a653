import PasarelaKit

/// The catalog and the opportunities, read-only.
extension FindyourWorkPack {
    /// `GET /services`: the catalog, sorted by service id text.
    func listServices(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        .ok(.object(["data": .array(catalog.services.map(\.json))]))
    }

    /// `GET /opportunities`: every opportunity, by external event id.
    func listOpportunities(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let documents = try await session.documents(withPrefix: Opportunity.key(""))
        return .ok(.object(["data": .array(documents.map(\.value))]))
    }

    /// `GET /opportunities/{external_event_id}`: one opportunity with its offers and bookings.
    func showOpportunity(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        .ok(try await Opportunity.existing(request.parameter("external_event_id"), in: session).json)
    }
}
