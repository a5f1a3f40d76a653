import HTTPTypes
import PasarelaKit

/// The host's OpenAPI 3.1 document (`GET /openapi.json`), made from the operations the router
/// serves, the loaded packs' routes and the provider instances' checkout routes.
enum OpenAPIDocument {
    /// The document for `operations`, served at `serverURL` (the configured public URL) when known.
    static func make(operations: [APIOperation], serverURL: String?) throws -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations {
            var item = paths[operation.path]?.objectValue ?? [:]
            item[operation.method.rawValue.lowercased()] = describe(operation)
            paths[operation.path] = .object(item)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Pasarela"), "version": .string(ADKVersion.host.description),
                "description": .string(
                    "Payments through provider modules, partner webhooks in and out, and the routes of the loaded packs. "
                        + "Money is a decimal string in major units plus amount_minor, an integer. See docs/api.md."),
            ]),
            "servers": .array(serverURL.map { [.object(["url": .string($0)])] } ?? []),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(try APISchemas.all()), "securitySchemes": APISchemas.securitySchemes,
            ]),
        ])
    }

    private static func describe(_ operation: APIOperation) -> JSONValue {
        let documentation = operation.documentation
        var members: [String: JSONValue] = [
            "operationId": .string(operation.id), "summary": .string(documentation.summary), "tags": .array([.string(operation.tag)]),
            "security": security(operation.access), "parameters": .array(parameters(operation)), "responses": responses(operation),
        ]
        members["description"] = documentation.description.map(JSONValue.string)
        if let request = documentation.request {
            members["requestBody"] = .object([
                "required": .bool(true), "content": .object([documentation.requestContentType: .object(["schema": request])]),
            ])
        }
        return .object(members)
    }

    private static func security(_ access: APIAccess) -> JSONValue {
        let schemes: [String] =
            switch access {
            case .open: []
            case .admin: ["adminBearer"]
            case .adminOrPartnerKey: ["adminBearer", "partnerApiKey"]
            case .signedWebhook: ["seedSignature", "standardWebhooksSignature"]
            }
        return .array(schemes.map { .object([$0: .array([])]) })
    }

    private static func parameters(_ operation: APIOperation) -> [JSONValue] {
        let text: JSONValue = .object(["type": .string("string")])
        let path = operation.pathParameters.map { name in
            JSONValue.object(["name": .string(name), "in": .string("path"), "required": .bool(true), "schema": text])
        }
        let query = operation.documentation.query.sorted { $0.key < $1.key }.map { name, meaning in
            JSONValue.object(["name": .string(name), "in": .string("query"), "description": .string(meaning), "schema": text])
        }
        let headers = operation.headers.sorted { $0.key < $1.key }.map { name, meaning in
            JSONValue.object(["name": .string(name), "in": .string("header"), "description": .string(meaning), "schema": text])
        }
        return path + query + headers
    }

    private static func responses(_ operation: APIOperation) -> JSONValue {
        let documentation = operation.documentation
        var success: [String: JSONValue] = ["description": .string(documentation.responseDescription)]
        if documentation.status != 204 && documentation.status != 303 {
            let schema = documentation.response ?? (documentation.contentType.hasPrefix("application/json") ? .object([:]) : .object(["type": .string("string")]))
            success["content"] = .object([documentation.contentType: .object(["schema": schema])])
        }
        var answers: [String: JSONValue] = [String(documentation.status): .object(success)]
        // A page's refusals are pages too; the API's are errors in JSON.
        let refusal: JSONValue =
            documentation.contentType.hasPrefix("text/html")
            ? .object([documentation.contentType: .object(["schema": .object(["type": .string("string")])])])
            : .object(["application/json": .object(["schema": JSONValue.schema("Error")])])
        for (status, meaning) in refusals(operation) {
            answers[String(status)] = .object(["description": .string(meaning), "content": refusal])
        }
        answers["default"] = .object([
            "description": .string("Any other refusal, as {\"error\": {\"code\", \"message\"}}"),
            "content": .object(["application/json": .object(["schema": JSONValue.schema("Error")])]),
        ])
        return .object(answers)
    }

    /// The operation's own refusals and the host's: a missing credential, an unknown id, a body
    /// that is not JSON or too large.
    private static func refusals(_ operation: APIOperation) -> [Int: String] {
        var refusals = operation.documentation.errors
        if operation.access != .open { refusals[401] = refusals[401] ?? "unauthorized: no valid credential" }
        if !operation.pathParameters.isEmpty { refusals[404] = refusals[404] ?? "not_found: nothing by that id" }
        if operation.documentation.request != nil, operation.documentation.requestContentType == "application/json" {
            refusals[400] = refusals[400] ?? "malformed_json: the body is not JSON"
            refusals[413] = refusals[413] ?? "body_too_large: the body exceeds server.max_body_bytes"
            refusals[422] = refusals[422] ?? "invalid_request: a field is missing or wrong (the message names it)"
        }
        return refusals
    }
}
