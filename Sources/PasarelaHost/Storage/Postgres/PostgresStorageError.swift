/// Why the PostgreSQL storage could not answer.
enum PostgresStorageError: Error, CustomStringConvertible {
    case unreachable

    var description: String {
        switch self {
        case .unreachable: return "the database did not answer in time"
        }
    }
}
