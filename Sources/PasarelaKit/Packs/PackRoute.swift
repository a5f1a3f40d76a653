import Foundation

/// A route a pack serves, mounted by the host (packs never see the HTTP server).
///
/// Paths name their parameters in braces. Every pack route needs the admin token; with
/// ``PackRouteAccess/adminOrPartner(_:)`` the named partner's `X-API-Key` is accepted too.
///
/// ```swift
/// PackRoute.post("/reservations/{reservation_id}/cancel") { request, session in
///     let id = try request.parameter("reservation_id")
///     return .ok(.object(["reservation_id": .string(id)]))
/// }
/// ```
public struct PackRoute: Sendable {
    public typealias Handler = @Sendable (PackRequest, PackSession) async throws -> PackResponse

    /// `GET`, `POST`, …
    public var method: PackRouteMethod
    /// `/reservations/{reservation_id}`: literal segments and `{name}` parameters.
    public var path: String
    /// Who may call it.
    public var access: PackRouteAccess
    /// Answers the request; what it writes and emits through the session is committed when it returns.
    public var handler: Handler
    /// What the route does, for the host's OpenAPI document; `nil` documents its path alone.
    ///
    /// - Since: ADK 2.2.
    public var documentation: RouteDocumentation? = nil

    /// A route answering `method` on `path` with `handler`.
    public init(_ method: PackRouteMethod, _ path: String, access: PackRouteAccess = .admin, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }

    /// A `GET` route.
    public static func get(_ path: String, access: PackRouteAccess = .admin, handler: @escaping Handler) -> PackRoute {
        PackRoute(.get, path, access: access, handler: handler)
    }

    /// A `POST` route.
    public static func post(_ path: String, access: PackRouteAccess = .admin, handler: @escaping Handler) -> PackRoute {
        PackRoute(.post, path, access: access, handler: handler)
    }

    /// This route with `documentation`.
    ///
    /// - Since: ADK 2.2.
    public func documented(_ documentation: RouteDocumentation) -> PackRoute {
        var route = self
        route.documentation = documentation
        return route
    }

    /// The path's segments: literal text, or `{name}` parameters.
    public var segments: [Substring] {
        RouteTemplate(path).segments
    }

    /// The parameters of `path` when it matches this route's path, else `nil`.
    public func match(path requested: String) -> [String: String]? {
        RouteTemplate(path).match(path: requested)
    }

    /// `name` for a `{name}` segment, else `nil`.
    public static func parameterName(_ segment: Substring) -> String? {
        RouteTemplate.parameterName(segment)
    }
}

/// The HTTP method of a pack or provider route.
public struct PackRouteMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// `GET`.
    public static let get = PackRouteMethod(rawValue: "GET")
    /// `POST`.
    public static let post = PackRouteMethod(rawValue: "POST")
    /// `PUT`.
    public static let put = PackRouteMethod(rawValue: "PUT")
    /// `PATCH`.
    public static let patch = PackRouteMethod(rawValue: "PATCH")
    /// `DELETE`.
    public static let delete = PackRouteMethod(rawValue: "DELETE")
}

/// Who may call a pack route.
public struct PackRouteAccess: Hashable, Sendable {
    /// The partner whose `X-API-Key` is accepted besides the admin token.
    public let partnerID: String?

    /// The admin token only.
    public static let admin = PackRouteAccess(partnerID: nil)

    /// The admin token, or `partnerID`'s own `X-API-Key`.
    public static func adminOrPartner(_ partnerID: String) -> PackRouteAccess {
        PackRouteAccess(partnerID: partnerID)
    }
}
