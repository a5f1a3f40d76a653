import Hummingbird
import PasarelaKit

/// `/partners`: register, list, read, change, delete, rotate secrets. Admin routes.
struct PartnersController: Sendable {
    let partners: PartnerService
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("partners/register", use: register)
        group.get("partners", use: list)
        group.get("partners/:id", use: read)
        group.patch("partners/:id", use: update)
        group.delete("partners/:id", use: delete)
        group.post("partners/:id/rotate-secret", use: rotate)
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
