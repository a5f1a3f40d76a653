import Foundation
@testable import PasarelaHost
import Testing

@Suite("Deadlines for probes")
struct DeadlineTests {
    @Test("an answer in time is returned; an operation that ignores cancellation is given up after the limit")
    func deadline() async throws {
        #expect(try await Deadline.wait(.seconds(5)) { 42 } == 42)
        let started = ContinuousClock.now
        await #expect(throws: Deadline.Exceeded.self) {
            try await Deadline.wait(.milliseconds(100)) {
                // Like a driver that does not look at cancellation: it answers when it answers.
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 3) { continuation.resume() }
                }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await Deadline.wait(.seconds(5)) { throw Refused() } }
    }
}
