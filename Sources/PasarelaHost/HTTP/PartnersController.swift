import Hummingbird
import PasarelaKit

/// `/partners`: register, list, read, change, delete, rotate secrets. Admin routes.
struct PartnersController: Sendable {
    let partners: PartnerService
    let maxBodyBytes: Int

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Partners")
        let partner = JSONValue.schema("Partner")
        routes.add(
            .post, "/partners/register", id: "registerPartner",
            RouteDocumentation(
                "Register a partner", request: .schema("PartnerRegistration"), status: 201,
                responseDescription: "The partner with its shared_secret and api_key, shown this once", response: .schema("PartnerRegistered"),
                errors: [409: "invalid_state: the partner id is taken"]),
            use: register)
        routes.add(
            .get, "/partners", id: "listPartners",
            RouteDocumentation("List partners", responseDescription: "Every partner", response: .schema("PartnerList")), use: list)
        routes.add(.get, "/partners/{id}", id: "getPartner", RouteDocumentation("Read a partner", response: partner), use: read)
        routes.add(
            .patch, "/partners/{id}", id: "updatePartner",
            RouteDocumentation(
                "Change a partner (a partner from the config file: its status only)", request: .schema("PartnerChange"),
                responseDescription: "The partner as changed", response: partner, errors: [409: "invalid_state: set in the config file"]),
            use: update)
        routes.add(
            .delete, "/partners/{id}", id: "deletePartner",
            RouteDocumentation(
                "Delete a partner", status: 204, responseDescription: "Deleted", errors: [409: "invalid_state: set in the config file"]),
            use: delete)
        routes.add(
            .post, "/partners/{id}/rotate-secret", id: "rotatePartnerSecret",
            RouteDocumentation(
                "Give a partner a new shared secret; the old one stays valid for the grace period", request: .schema("RotateSecret"),
                responseDescription: "The new secret, shown this once", response: .schema("RotatedSecret")),
            use: rotate)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try PartnerRegistration(json: try await JSONBody.value(of: request, limit: maxBodyBytes))
        let registered = try await partners.register(input)
        return JSONBody.response(status: .created, json: PartnerResource.registration(registered.partner, apiKey: registered.apiKey))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await partners.directory.partners()
        return JSONBody.response(status: .ok, json: .object(["data": .array(all.map(PartnerResource.json)), "next_cursor": .null]))
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONBody.response(status: .ok, json: PartnerResource.json(try await partners.partner(id: try context.parameters.require("id"))))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let change = try PartnerChange(json: try await JSONBody.value(of: request, limit: maxBodyBytes))
        let partner = try await partners.update(id: try context.parameters.require("id"), with: change)
        return JSONBody.response(status: .ok, json: PartnerResource.json(partner))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await partners.delete(id: try context.parameters.require("id"))
        return Response(status: .noContent)
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.optionalValue(of: request, limit: maxBodyBytes)
        _ = try FieldReader(body, allowed: ["grace_period_seconds"])
        var grace = PartnerService.defaultGracePeriod
        if let value = body["grace_period_seconds"], !value.isNull {
            guard let seconds = value.int64Value, (0...30 * 86_400).contains(seconds) else {
                throw PasarelaError(.invalidRequest, "grace_period_seconds: must be an integer from 0 to 2592000")
            }
            grace = Double(seconds)
        }
        let partner = try await partners.rotateSecret(id: try context.parameters.require("id"), gracePeriod: grace)
        return JSONBody.response(
            status: .ok,
            json: .object([
                "partner_id": .string(partner.id), "shared_secret": .string(partner.secret),
                "previous_secret_expires_at": partner.previousSecretExpiresAt.map { .string(ISOTimestamp.format($0)) } ?? .null,
            ]))
    }
}
