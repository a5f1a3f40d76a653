import PasarelaKit

/// The catalog and the opportunities, read-only.
extension FindyourWorkPack {
    /// `GET /services`: the catalog, sorted by service id text, a page at a time.
    func listServices(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        try request.page(catalog.services.map { ($0.key, $0.json) })
    }

    /// `GET /opportunities`: the opportunities by external event id, a page at a time.
    func listOpportunities(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        try request.page(try await session.documents(withPrefix: Opportunity.key("")).map { ($0.key, $0.value) })
    }

    /// `GET /opportunities/{external_event_id}`: one opportunity with its offers and bookings.
    func showOpportunity(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        .ok(try await Opportunity.existing(request.parameter("external_event_id"), in: session).json)
    }
}
