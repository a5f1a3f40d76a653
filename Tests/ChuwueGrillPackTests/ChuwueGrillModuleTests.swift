import ChuwueGrillPack
import PasarelaKit
import Testing

@Test func descriptorIsAPack() {
    #expect(ChuwueGrillModule.descriptor.kind == .pack)
}
