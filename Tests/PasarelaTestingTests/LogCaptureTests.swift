import Logging
import PasarelaTesting
import Testing

@Suite("Log capture")
struct LogCaptureTests {
    struct Refusal: Error {}

    @Test("trace lines are kept with the logger's and the call's metadata and the error, in order")
    func captures() {
        let logs = LogCapture()
        var logger = logs.logger(label: "module")
        logger[metadataKey: "instance"] = "eu"
        logger.trace("calling", metadata: ["attempt": "1"])
        logger.error("failed", error: Refusal())
        #expect(logs.entries.map(\.level) == [.trace, .error])
        #expect(logs.entries.first?.text == "calling attempt=1 instance=eu")
        #expect(logs.entries.last?.text == "failed instance=eu Refusal()")
        #expect(logs.entries.allSatisfy { $0.label == "module" })
    }
}
