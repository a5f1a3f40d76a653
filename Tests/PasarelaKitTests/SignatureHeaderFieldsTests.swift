import PasarelaKit
import Testing

@Suite("key=value signature header fields")
struct SignatureHeaderFieldsTests {
    @Test("pairs in order, trimmed; the first = splits; empty or =-less parts are skipped")
    func pairs() {
        let fields = SignatureHeaderFields.parse(" t=1 ,v1= a=b\t,,nonsense,=x,v0=,\tv1=c")
        #expect(fields.map(\.key) == ["t", "v1", "v1"])
        #expect(fields.map(\.value) == ["1", "a=b", "c"])
    }

    @Test("commas and equals signs are found as bytes, even before a combining mark (found by fuzzing)")
    func combiningMarks() {
        let fields = SignatureHeaderFields.parse("v1=ab,\u{301}x=y,k=\u{5B6}")
        #expect(fields.map(\.key) == ["v1", "\u{301}x", "k"])
        #expect(fields.map(\.value) == ["ab", "y", "\u{5B6}"])
    }
}
