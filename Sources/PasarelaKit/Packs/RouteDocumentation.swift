/// What a pack or provider route does, for the host's OpenAPI document (`GET /openapi.json`):
/// a summary, its query parameters, and JSON Schemas of its request and response bodies.
///
/// ```swift
/// PackRoute.get("/greetings") { request, session in … }
///     .documented(RouteDocumentation(
///         "List greetings", query: ["limit": "At most this many (1–100)"],
///         response: .object(["type": .string("object")])))
/// ```
///
/// - Since: ADK 2.2.
public struct RouteDocumentation: Hashable, Sendable {
    /// One line: what the route does.
    public var summary: String
    /// More, when a line is not enough.
    public var description: String?
    /// Query parameters by name, each with what it means (all optional, all strings).
    public var query: [String: String]
    /// A JSON Schema of the request body; `nil` when the route takes none.
    public var request: JSONValue?
    /// The request body's content type (`application/x-www-form-urlencoded` for a form).
    public var requestContentType: String
    /// The HTTP status of a successful answer.
    public var status: Int
    /// What a successful answer's body is, in a sentence.
    public var responseDescription: String
    /// A JSON Schema of that body; `nil` for any JSON.
    public var response: JSONValue?
    /// The content type of a successful answer (`text/html; charset=utf-8` for a page).
    public var contentType: String
    /// The statuses of refusals the route may answer besides the host's own (401, 404, 413, …),
    /// each with what it means.
    public var errors: [Int: String]

    /// Documents a route answering `status` with `response` (`application/json` unless `contentType` says otherwise).
    public init(
        _ summary: String, description: String? = nil, query: [String: String] = [:], request: JSONValue? = nil,
        requestContentType: String = "application/json", status: Int = 200,
        responseDescription: String = "OK", response: JSONValue? = nil, contentType: String = "application/json",
        errors: [Int: String] = [:]
    ) {
        self.summary = summary
        self.description = description
        self.query = query
        self.request = request
        self.requestContentType = requestContentType
        self.status = status
        self.responseDescription = responseDescription
        self.response = response
        self.contentType = contentType
        self.errors = errors
    }
}

extension RouteDocumentation {
    /// The query of a paged list (``PackRequest/page(_:)``): `limit` and `cursor`.
    ///
    /// - Since: ADK 2.2.
    public static let pageQuery = ["limit": "1–100, default 50", "cursor": "next_cursor of the previous page"]
}

extension JSONValue {
    /// A JSON Schema of an object whose members have the JSON types given by name (`"string"`,
    /// `"integer"`, `"number"`, `"boolean"`, `"object"`, `"array"`), `required` ones among them;
    /// `closed` refuses other members.
    ///
    /// - Since: ADK 2.2.
    public static func objectSchema(_ members: [String: String], required: [String] = [], closed: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": .string("object"),
            "properties": .object(members.mapValues { .object(["type": .string($0)]) }),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if closed { schema["additionalProperties"] = .bool(false) }
        return .object(schema)
    }

    /// A JSON Schema of a page as ``PackRequest/page(_:)`` answers: `{"data": [item…], "next_cursor"}`.
    ///
    /// - Since: ADK 2.2.
    public static func pageSchema(of item: JSONValue = .object(["type": .string("object")])) -> JSONValue {
        .object([
            "type": .string("object"), "required": .array([.string("data"), .string("next_cursor")]),
            "properties": .object([
                "data": .object(["type": .string("array"), "items": item]),
                "next_cursor": .object(["type": .array([.string("string"), .string("null")])]),
            ]),
        ])
    }
}
