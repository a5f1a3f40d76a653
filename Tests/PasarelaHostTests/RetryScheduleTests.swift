import Foundation
import Testing

@testable import PasarelaHost

@Suite("Retry schedule")
struct RetryScheduleTests {
    let schedule = RetrySchedule(delays: [0, 5, 300, 1800])

    @Test("delays follow the schedule with ±20 % jitter and end when it is exhausted")
    func delays() {
        #expect(schedule.delay(afterAttempts: 1, retryAfter: nil, jitter: 1.0) == 5)
        #expect(schedule.delay(afterAttempts: 2, retryAfter: nil, jitter: 0.8) == 240)
        #expect(schedule.delay(afterAttempts: 3, retryAfter: nil, jitter: 1.2) == 2160)
        #expect(schedule.delay(afterAttempts: 4, retryAfter: nil, jitter: 1.0) == nil)
        for _ in 0..<100 {
            #expect((0.8...1.2).contains(RetrySchedule.randomJitter()))
        }
    }

    @Test("Retry-After replaces the scheduled wait, within 1 s and 24 h, but never extends the schedule")
    func retryAfter() {
        #expect(schedule.delay(afterAttempts: 1, retryAfter: 120, jitter: 1.2) == 120)
        #expect(schedule.delay(afterAttempts: 1, retryAfter: 0, jitter: 1) == 1)
        #expect(schedule.delay(afterAttempts: 1, retryAfter: 10_000_000, jitter: 1) == 86_400)
        #expect(schedule.delay(afterAttempts: 4, retryAfter: 10, jitter: 1) == nil)
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func parsing() {
        let now = Date(timeIntervalSince1970: 1_771_182_000)  // Sun, 15 Feb 2026 19:00:00 GMT
        #expect(RetrySchedule.parseRetryAfter("30", now: now) == 30)
        #expect(RetrySchedule.parseRetryAfter("Sun, 15 Feb 2026 19:01:00 GMT", now: now) == 60)
        #expect(RetrySchedule.parseRetryAfter("Sun, 15 Feb 2026 18:00:00 GMT", now: now) == 0)
        #expect(RetrySchedule.parseRetryAfter("soon", now: now) == nil)
        #expect(RetrySchedule.parseRetryAfter(nil, now: now) == nil)
    }
}
