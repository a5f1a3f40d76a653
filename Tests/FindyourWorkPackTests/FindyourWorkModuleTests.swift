import FindyourWorkPack
import PasarelaKit
import Testing

@Test func descriptorIsAPack() {
    #expect(FindyourWorkModule.descriptor.kind == .pack)
}
