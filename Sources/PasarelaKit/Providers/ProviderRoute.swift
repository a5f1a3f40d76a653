import Foundation

/// A public route a provider module serves, mounted by the host under `/checkout/{instance}` (a
/// hosted checkout page, for instance). Anyone may call it: the route checks what it is given
/// (an unguessable token, say).
///
/// ```swift
/// ProviderRoute(.get, "/{token}") { request in
///     let token = try request.parameter("token")
///     return .html(status: 200, "<p>\(token.count) characters</p>")
/// }
/// ```
///
/// - Since: ADK 2.1.
public struct ProviderRoute: Sendable {
    /// What answers the route.
    public typealias Handler = @Sendable (ProviderRouteRequest) async throws -> ProviderRouteResponse

    /// `GET` or `POST` (a page and its form).
    public var method: PackRouteMethod
    /// The path below `/checkout/{instance}`, with `{name}` parameters.
    public var template: RouteTemplate
    /// What answers it.
    public var handler: Handler
    /// What the route does, for the host's OpenAPI document; `nil` documents its path alone.
    ///
    /// - Since: ADK 2.2.
    public var documentation: RouteDocumentation? = nil

    /// A route answering `method` on `path` with `handler`.
    public init(_ method: PackRouteMethod, _ path: String, handler: @escaping Handler) {
        self.method = method
        self.template = RouteTemplate(path)
        self.handler = handler
    }

    /// This route with `documentation`.
    ///
    /// - Since: ADK 2.2.
    public func documented(_ documentation: RouteDocumentation) -> ProviderRoute {
        var route = self
        route.documentation = documentation
        return route
    }
}

/// A request to a ``ProviderRoute``, as the host hands it over.
///
/// - Since: ADK 2.1.
public struct ProviderRouteRequest: Sendable {
    /// The path parameters, by the names in the route's path.
    public var parameters: [String: String]
    /// The query string's parameters (the last value of a repeated one).
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    /// The body, within the host's size limit.
    public var body: [UInt8]

    /// A request as the host hands it over; header names may be in any case.
    public init(parameters: [String: String] = [:], query: [String: String] = [:], headers: [String: String] = [:], body: [UInt8] = []) {
        self.parameters = parameters
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// The path parameter `name`.
    public func parameter(_ name: String) throws(PasarelaError) -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw PasarelaError(.invalidRequest, "the path parameter \(name) is missing")
        }
        return value
    }

    /// The body's fields as an HTML form sends them (`application/x-www-form-urlencoded`); the
    /// last value of a repeated field.
    public func formFields() -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.formDecoded(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? Self.formDecoded(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func formDecoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// A provider route's answer, and the payment events it learned (a customer paid on the page):
/// the host applies ``events`` as it applies a webhook's, before it answers.
///
/// - Since: ADK 2.1.
public struct ProviderRouteResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Response headers (`Content-Type`, `Location`, …).
    public var headers: [String: String]
    /// The body, as is.
    public var body: [UInt8]
    /// Events to apply to the host's payments, each once by its id.
    public var events: [NormalizedEvent]

    /// An answer of `status` with `headers` and `body`, after the host applied `events`.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], events: [NormalizedEvent] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.events = events
    }

    /// An HTML page, neither cached, framed nor leaking its URL to the next site.
    public static func html(status: Int, _ page: String) -> ProviderRouteResponse {
        ProviderRouteResponse(
            status: status,
            headers: [
                "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            ],
            body: Array(page.utf8))
    }

    /// A `303 See Other` to `location`, after the host has applied `events`.
    public static func seeOther(_ location: String, events: [NormalizedEvent] = []) -> ProviderRouteResponse {
        ProviderRouteResponse(status: 303, headers: ["Location": location], events: events)
    }
}
