extension PackRequest {
    /// The page size when the request asks for none.
    public static let defaultPageSize = 50
    /// The largest page a request may ask for.
    public static let maximumPageSize = 100

    /// One page of `items` as every list of the host answers: sorted by key, `?limit=` (1 to
    /// ``maximumPageSize``, ``defaultPageSize`` when absent) of them after `?cursor=` (the last key of
    /// the page before), as `{"data": [...], "next_cursor": "…" | null}`; a bad `limit` is a 422.
    ///
    /// ```swift
    /// .get("/greetings") { request, session in
    ///     try request.page(try await session.documents(withPrefix: "greeting/").map { ($0.key, $0.value) })
    /// }
    /// ```
    ///
    /// - Since: ADK 2.1.
    public func page(_ items: [(key: String, value: JSONValue)]) throws(PasarelaError) -> PackResponse {
        var limit = Self.defaultPageSize
        if let text = query["limit"] {
            guard let number = Int(text), (1...Self.maximumPageSize).contains(number) else {
                throw PasarelaError(.invalidRequest, "limit: must be an integer from 1 to \(Self.maximumPageSize)")
            }
            limit = number
        }
        let after = query["cursor"]
        let rest = items.sorted { $0.key < $1.key }.filter { item in after.map { item.key > $0 } ?? true }
        let page = rest.prefix(limit)
        // A next page only when something is left after this one.
        let next: JSONValue = rest.count > limit ? page.last.map { .string($0.key) } ?? .null : .null
        return .ok(.object(["data": .array(page.map(\.value)), "next_cursor": next]))
    }
}
