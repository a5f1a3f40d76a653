/// How SQLite makes a commit durable: `storage.sqlite_synchronous`, applied as `PRAGMA synchronous`
/// to every connection of the database.
///
/// In WAL mode, ``full`` syncs the log at every commit, so a webhook acknowledged after its commit
/// survives a power loss; ``normal`` syncs only at checkpoints, so the last commits before a power
/// loss or an operating-system crash can be lost (a crash of the process alone loses nothing).
public struct SQLiteSynchronous: Hashable, Sendable, CustomStringConvertible {
    /// The name in the configuration; upper-cased, SQLite's own.
    public let name: String

    /// Every commit synced before it is acknowledged (the default).
    public static let full = SQLiteSynchronous(name: "full")
    /// Commits synced at checkpoints only: faster, and durable against process crashes only.
    public static let normal = SQLiteSynchronous(name: "normal")
    /// Every setting the configuration accepts.
    public static let all = [full, normal]

    private init(name: String) {
        self.name = name
    }

    /// The setting called `name`, or `nil` if there is none.
    public init?(named name: String) {
        guard let known = Self.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    public var description: String { name }

    /// The statement that applies it to a connection.
    var pragma: String { "PRAGMA synchronous = \(name.uppercased())" }
}
