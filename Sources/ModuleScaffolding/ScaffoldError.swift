/// Why `new-module` refused to generate anything.
public struct ScaffoldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
