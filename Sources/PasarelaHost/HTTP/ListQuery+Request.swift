import Hummingbird
import PasarelaKit

extension DeliveryStatus {
    /// A list's `status` filter; a 422 naming the statuses for anything else.
    init(filter text: some StringProtocol) throws(PasarelaError) {
        guard let status = DeliveryStatus(rawValue: String(text)) else {
            throw PasarelaError(.invalidRequest, "status: must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = status
    }
}

extension PaymentStatus {
    /// A list's `status` filter; a 422 for anything that is not a payment status.
    init(filter text: some StringProtocol) throws(PasarelaError) {
        guard let status = PaymentStatus(rawValue: String(text)) else {
            throw PasarelaError(.invalidRequest, "status: '\(text)' is not a payment status")
        }
        self = status
    }
}

extension ListQuery {
    /// The page a list request asks for: `filter`, with `cursor` and `limit` (1 to 100, 50 when
    /// absent) from its query string.
    init(filter: Filter, parameters: Parameters) throws(PasarelaError) {
        var limit = Self.defaultLimit
        if let text = parameters["limit"] {
            guard let number = Int(text), (1...100).contains(number) else {
                throw PasarelaError(.invalidRequest, "limit: must be an integer from 1 to 100")
            }
            limit = number
        }
        self.init(filter: filter, cursor: parameters["cursor"].map(String.init), limit: limit)
    }

    /// `{"data": [...], "next_cursor": "…" | null}` for a page of `items`, each with its `id`.
    func response<Item>(_ items: [Item], id: (Item) -> String, json: (Item) -> JSONValue) -> Response {
        let next = nextCursor(after: items.map(id)).map(JSONValue.string) ?? .null
        return JSONBody.response(status: .ok, json: .object(["data": .array(items.map(json)), "next_cursor": next]))
    }
}
