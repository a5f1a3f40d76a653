/// The database holds something this version cannot read, or the storage is not in a state to be used.
enum StorageError: Error, CustomStringConvertible {
    case corrupt(String)
    case closed
    /// `run()` was called while the storage already runs.
    case alreadyRunning

    var description: String {
        switch self {
        case .corrupt(let what): return "unreadable \(what) in the database"
        case .closed: return "the storage is closed"
        case .alreadyRunning: return "the storage is already running"
        }
    }
}

extension RawRepresentable where RawValue == String {
    /// The stored text `text` read back as this type, or ``StorageError/corrupt(_:)`` naming
    /// `what`: how both backends read every enum they store as text.
    static func stored(_ text: String, _ what: String) throws -> Self {
        guard let value = Self(rawValue: text) else { throw StorageError.corrupt("\(what) \(text)") }
        return value
    }
}
