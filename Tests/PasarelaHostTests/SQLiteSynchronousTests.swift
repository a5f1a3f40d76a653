import Foundation
import GRDB
@testable import PasarelaHost
import Testing

/// `storage.sqlite_synchronous`: what an acknowledged webhook survives on SQLite.
@Suite("SQLite synchronous setting")
struct SQLiteSynchronousTests {
    /// `PRAGMA synchronous` on the writer's connection and on a reader's (1 is NORMAL, 2 FULL).
    func synchronous(of host: HostApplication) async throws -> [Int?] {
        let database = try #require(host.storage as? SQLiteStorage).database
        let written = try await database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let read = try await database.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        return [written, read]
    }

    @Test(
        "the opened database's PRAGMA synchronous is what storage.sqlite_synchronous says, FULL by default",
        arguments: [(nil, 2), ("full", 2), ("normal", 1)] as [(String?, Int)])
    func pragmaFollowsTheConfiguration(setting: String?, expected: Int) async throws {
        try await withTemporaryDirectory { directory in
            let member = setting.map { ", sqlite_synchronous: \($0)" } ?? ""
            let yaml = TestHost.defaultYAML.replacingOccurrences(
                of: #"storage: {url: "sqlite::memory:"}"#, with: #"storage: {url: "sqlite:\#(directory.path)/host.sqlite"\#(member)}"#)
            let host = try await TestHost.make(yaml: yaml)
            #expect(try await synchronous(of: host) == [expected, expected])
            try await host.storage.close()
        }
    }
}
