@testable import StripeProvider
import Testing

@Suite("Stripe form encoding")
struct StripeFormTests {
    @Test("fields keep their order, metadata keys are sorted and bracketed, reserved bytes escaped")
    func encoding() {
        var form = StripeForm()
        form.add("amount", "1099")
        form.add("description", nil)
        form.add("currency", "usd")
        form.add("metadata", dictionary: ["z": "last", "order id": "A&B=C/ñ"])
        #expect(form.encoded == "amount=1099&currency=usd&metadata%5Border+id%5D=A%26B%3DC%2F%C3%B1&metadata%5Bz%5D=last")
    }

    @Test("unreserved characters pass unescaped; a space becomes +")
    func escape() {
        #expect(StripeForm.escape("aZ09-._~") == "aZ09-._~")
        #expect(StripeForm.escape("a b+c") == "a+b%2Bc")
        #expect(StripeForm.escape("expand[]") == "expand%5B%5D")
    }
}
