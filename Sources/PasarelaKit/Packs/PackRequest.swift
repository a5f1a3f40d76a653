/// A request to a pack route, as the host hands it over.
public struct PackRequest: Sendable {
    /// The path parameters, by the names in the route's path.
    public var parameters: [String: String]
    /// The query string's parameters (the last value of a repeated one).
    public var query: [String: String]
    /// The body, within the host's size limit.
    public var body: [UInt8]

    /// A request; the host builds these, tests too.
    public init(parameters: [String: String] = [:], query: [String: String] = [:], body: [UInt8] = []) {
        self.parameters = parameters
        self.query = query
        self.body = body
    }

    /// The path parameter `name`.
    public func parameter(_ name: String) throws(PasarelaError) -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw PasarelaError(.invalidRequest, "the path parameter \(name) is missing")
        }
        return value
    }

    /// The body as JSON: an empty object for an empty body, a 400 for malformed JSON.
    public func json() throws(PasarelaError) -> JSONValue {
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return .object([:]) }
        do {
            return try JSONValue.parse(body)
        } catch {
            throw PasarelaError(.malformedRequest, "the body is not valid JSON: \(error)")
        }
    }
}

/// A pack route's answer: a status code and a JSON body.
public struct PackResponse: Hashable, Sendable {
    /// The HTTP status code.
    public var status: Int
    public var body: JSONValue

    /// An answer with `status` and `body`.
    public init(status: Int, body: JSONValue) {
        self.status = status
        self.body = body
    }

    /// 200 with `body`.
    public static func ok(_ body: JSONValue) -> PackResponse {
        PackResponse(status: 200, body: body)
    }

    /// 201 with `body`.
    public static func created(_ body: JSONValue) -> PackResponse {
        PackResponse(status: 201, body: body)
    }
}
