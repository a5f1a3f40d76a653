import Hummingbird

extension Request {
    /// The query string's parameters as modules receive them: the last value of a repeated one.
    var queryValues: [String: String] {
        var query: [String: String] = [:]
        for (name, value) in uri.queryParameters {
            query[String(name)] = String(value)
        }
        return query
    }
}
