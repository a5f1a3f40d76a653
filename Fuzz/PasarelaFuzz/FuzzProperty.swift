/// The properties a fuzz target checks: a violation traps, so libFuzzer records the input as a crash.
enum FuzzProperty {
    /// Traps with `message` unless `condition` holds.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz property violated: \(message())") }
    }
}
