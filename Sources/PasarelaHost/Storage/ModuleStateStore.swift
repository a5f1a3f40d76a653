import Foundation
import PasarelaKit

/// What the host and its modules keep besides: host settings, module values, and packs' commits.
public protocol ModuleStateStore: Sendable {
    /// A host setting, such as the admin token's hash.
    func setting(_ name: String) async throws -> String?
    /// Sets a host setting if it is not set yet; returns the value that is set afterwards.
    func insertSettingIfAbsent(_ name: String, value: String) async throws -> String

    /// Module key-value storage; `scope` separates module instances.
    func moduleValue(scope: String, key: String) async throws -> [UInt8]?
    func setModuleValue(_ value: [UInt8], scope: String, key: String) async throws
    func removeModuleValue(scope: String, key: String) async throws
    /// The module values of `scope` whose key starts with `keyPrefix`, by key.
    func moduleValues(scope: String, keyPrefix: String) async throws -> [ModuleValue]

    /// Runs `body` while no other host runs a body for `scope` on this storage (PostgreSQL: an
    /// advisory lock; SQLite: nothing, as one process owns the file). Calls of one pack run under it.
    func exclusively<Result: Sendable>(scope: String, _ body: () async throws -> Result) async throws -> Result

    /// Commits what one pack call staged, in one transaction: its values, the deliveries of the
    /// events it emitted, and (for an inbox event) its handler run as succeeded. Writes nothing
    /// and returns `false` when that handler run had already succeeded.
    func commitPackChanges(_ commit: PackCommit) async throws -> Bool
}
