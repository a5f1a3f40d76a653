/// A record a pack keeps as one JSON document of its state, under `"\(keyPrefix)\(id)"`.
///
/// ```swift
/// struct Reservation: PackRecord {
///     static let recordName = "reservation"
///     var id: String
///     var recordID: String { id }
///     init(json: JSONValue) { id = json["reservation_id"]?.stringValue ?? "" }
///     var json: JSONValue { .object(["reservation_id": .string(id)]) }
/// }
/// var reservation = try await Reservation.existing("RES-1", in: session)   // or a 404
/// reservation.save(in: session)
/// ```
public protocol PackRecord {
    /// What the record is called in keys and errors (`reservation`).
    static var recordName: String { get }
    /// The id the record is stored under.
    var recordID: String { get }
    /// The record from its stored document.
    init(json: JSONValue)
    /// The record's document.
    var json: JSONValue { get }
}

extension PackRecord {
    /// The document key of the record `id`: `reservation/RES-1`.
    public static func key(_ id: String) -> String { "\(recordName)/\(id)" }

    /// The record `id`, or `nil` when there is none.
    public static func load(_ id: String, from session: PackSession) async throws -> Self? {
        try await session.document(forKey: key(id)).map(Self.init(json:))
    }

    /// The record `id`, or a 404 naming it.
    public static func existing(_ id: String, in session: PackSession) async throws -> Self {
        guard let record = try await load(id, from: session) else {
            throw PasarelaError(.notFound, "no \(recordName) \(id)")
        }
        return record
    }

    /// Stages the record's document.
    public func save(in session: PackSession) {
        session.setDocument(json, forKey: Self.key(recordID))
    }
}
