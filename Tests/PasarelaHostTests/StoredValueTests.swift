import Foundation
import GRDB
@testable import PasarelaHost
import PasarelaKit
import Testing

/// Both backends read what they stored as text through `stored(_:_:)`.
@Suite("Stored values")
struct StoredValueTests {
    @Test("a row holding a status this version does not know is a named storage error, not a crash")
    func unknownStatus() async throws {
        let storage = try SQLiteStorage(path: ":memory:")
        try await storage.insertPayment(StorageSuite.payment("pay_1"), events: [], inbox: [])
        try await storage.writer.write { db in try db.execute(sql: "UPDATE payments SET status = 'teleported' WHERE id = 'pay_1'") }
        await #expect { try await storage.payment(id: "pay_1") } throws: { error in
            "\(error)" == "unreadable payment status teleported in the database"
        }
        try await storage.close()
    }

    @Test("every enum stored as text reads back as itself")
    func roundTrip() throws {
        #expect(try RefundStatus.stored("pending", "refund status") == .pending)
        #expect(try DeliveryStatus.stored("dead", "delivery status") == .dead)
        #expect(throws: StorageError.self) { try InboxStatus.stored("", "inbox status") }
    }
}
