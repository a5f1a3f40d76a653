import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import Testing

/// Two hosts on one PostgreSQL database changing the same payment at the same moment, as behind
/// a load balancer: what one host wrote is never lost to the other.
@Suite("Payments across hosts", .enabled(if: PostgresTestDatabase.isAvailable, "needs PASARELA_TEST_POSTGRES_URL (.ci/run sets it)"))
struct CrossHostPaymentTests {
    static func yaml(_ databaseURL: String) -> String {
        """
        admin: {token: "\(TestHost.adminToken)"}
        storage: {url: "\(databaseURL)"}
        payments: {default: scripted, instances: {scripted: {module: scripted}}}
        """
    }

    @Test("two hosts refunding 65.00 of one 100.00 payment at once: one refund is taken, the other refused")
    func concurrentRefundsOnTwoHosts() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let first = try await TestHost.make(yaml: Self.yaml(url))
            let second = try await TestHost.make(yaml: Self.yaml(url))
            try await first.application.test(.router) { one in
                try await second.application.test(.router) { other in
                    for round in 0..<3 {
                        // The provider takes 300 ms to answer, so both hosts read the payment before either writes.
                        let created = try await one.send(
                            .post, "/payments",
                            #"{"amount":"100.00","currency":"USD","metadata":{"refund_delay_ms":"300","round":"\#(round)"}}"#)
                        let id = try #require(created.json["id"]?.stringValue)
                        async let viaFirst = one.send(.post, "/payments/\(id)/refunds", #"{"amount":"65.00"}"#)
                        async let viaSecond = other.send(.post, "/payments/\(id)/refunds", #"{"amount":"65.00"}"#)
                        let statuses = try await [viaFirst.status, viaSecond.status].map(\.code).sorted()
                        #expect(statuses == [201, 422], "round \(round)")
                        let refunds = try #require(try await first.storage.refunds(paymentID: id))
                        #expect(refunds.reduce(0) { $0 + $1.amount.minor } == 6_500, "round \(round)")
                    }
                }
            }
            try await first.storage.close()
            try await second.storage.close()
        }
    }
}
