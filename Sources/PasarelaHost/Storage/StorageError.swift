/// The database holds something this version cannot read.
enum StorageError: Error, CustomStringConvertible {
    case corrupt(String)
    case closed

    var description: String {
        switch self {
        case .corrupt(let what): return "unreadable \(what) in the database"
        case .closed: return "the storage is closed"
        }
    }
}
