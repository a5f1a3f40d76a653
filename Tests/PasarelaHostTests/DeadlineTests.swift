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
                    DispatchQueue.global().asyncAfter(deadline: .now() + 10) { continuation.resume() }
                }
            }
        }
        // Well before the operation answers (10 s), with room for a loaded machine's late wake-up
        // (2.06 s seen with the rest of the suite running in parallel).
        #expect(ContinuousClock.now - started < .seconds(5))
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await Deadline.wait(.seconds(5)) { throw Refused() } }
    }
}
