import Foundation

/// Absolute `http`/`https` URLs the host is given (`server.public_url`, checkout return URLs)
/// and hands out.
enum AbsoluteHTTPURL {
    /// Whether `text` is an absolute http(s) URL with a host and no user info; with
    /// `allowingQuery` false, also without query or fragment.
    static func isValid(_ text: String, allowingQuery: Bool) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false, components.user == nil,
            components.password == nil
        else { return false }
        return allowingQuery || (components.query == nil && components.fragment == nil)
    }

    /// `url` with `name=value` added to its query (what was there kept, the fragment kept last).
    static func adding(_ name: String, _ value: String, to url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: name, value: value)]
        return components.string ?? url
    }
}
