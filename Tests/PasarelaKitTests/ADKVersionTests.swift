import PasarelaKit
import Testing

@Suite("ADK version")
struct ADKVersionTests {
    @Test("a host loads modules of its major built against its minor or an earlier one, and refuses the rest")
    func compatibility() {
        let host = ADKVersion(major: 1, minor: 3)
        #expect(host.canLoad(ADKVersion(major: 1, minor: 0)))
        #expect(host.canLoad(ADKVersion(major: 1, minor: 3)))
        #expect(!host.canLoad(ADKVersion(major: 1, minor: 4)))
        #expect(!host.canLoad(ADKVersion(major: 2, minor: 0)))
        #expect(!host.canLoad(ADKVersion(major: 0, minor: 3)))
        #expect(!ADKVersion(major: 2, minor: 0).canLoad(ADKVersion(major: 1, minor: 9)))
    }

    @Test("the packed form round-trips, major in the high half")
    func packed() {
        #expect(ADKVersion.packed(major: 1, minor: 3) == 0x0001_0003)
        #expect(ADKVersion(packed: 0x0002_0007) == ADKVersion(major: 2, minor: 7))
        #expect(ADKVersion(packed: ModuleLibrary.adkVersion) == ADKVersion.host)
        #expect(ADKVersion.host.description == "\(ADKVersion.host.major).\(ADKVersion.host.minor)")
    }
}
