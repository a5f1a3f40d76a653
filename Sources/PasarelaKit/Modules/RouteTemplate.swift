import Foundation

/// A route's path with `{name}` parameters, e.g. `/reservations/{reservation_id}`: how pack and
/// provider routes say what they answer.
///
/// - Since: ADK 2.1.
public struct RouteTemplate: Hashable, Sendable, CustomStringConvertible {
    /// The path as written.
    public let path: String

    public init(_ path: String) {
        self.path = path
    }

    public var description: String { path }

    /// The path's segments: literal text, or `{name}` parameters.
    public var segments: [Substring] {
        path.split(separator: "/")
    }

    /// The parameters of `requested` when it matches this template, else `nil`.
    public func match(path requested: String) -> [String: String]? {
        let template = segments
        let given = requested.split(separator: "/", omittingEmptySubsequences: true)
        guard template.count == given.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(template, given) {
            if let name = Self.parameterName(expected) {
                parameters[name] = String(actual).removingPercentEncoding ?? String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }

    /// `name` for a `{name}` segment, else `nil`.
    public static func parameterName(_ segment: Substring) -> String? {
        guard segment.count > 2, segment.first == "{", segment.last == "}" else { return nil }
        return String(segment.dropFirst().dropLast())
    }
}
