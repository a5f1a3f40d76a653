import PasarelaKit
import Testing

@Suite("JSON parsing and writing")
struct JSONValueTests {
    @Test("numbers keep their exact text")
    func numbersKeepText() throws {
        let value = try JSONValue.parse(#"{"a": 19.99, "b": 123456789012345678901234567890, "c": -0.0, "d": 1E-05}"#)
        #expect(value["a"]?.numberText == "19.99")
        #expect(value["b"]?.numberText == "123456789012345678901234567890")
        #expect(value["c"]?.numberText == "-0.0")
        #expect(value["d"]?.numberText == "1E-05")
        #expect(value["a"]?.int64Value == nil)
    }

    @Test("strings decode escapes, non-ASCII text and surrogate pairs")
    func strings() throws {
        let value = try JSONValue.parse(#"["Mar\u00eda Garc\u00eda", "María", "\ud83c\udf89", "a\/b\n\t\"\\"]"#)
        #expect(value.arrayValue?.map(\.stringValue) == ["María García", "María", "🎉", "a/b\n\t\"\\"])
    }

    @Test(
        "invalid JSON is refused",
        arguments: [
            "", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"\u{01}\"", "\"\\ud800\"",
            "\"\\x\"", "{} {}", "{'a':1}", "[1 2]", "NaN", "\"abc",
        ])
    func refusesInvalid(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("escapes and raw text mix within one string")
    func mixedStrings() throws {
        let value = try JSONValue.parse(#"["Mar\u00eda Garc\u00eda y Jos\u00e9 🎉 \"ok\"", "\n", "\u0041BC"]"#)
        #expect(value.arrayValue?.map(\.stringValue) == ["María García y José 🎉 \"ok\"", "\n", "ABC"])
    }

    @Test("invalid UTF-8 is refused, before or after an escape")
    func refusesInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test("deep nesting is refused without crashing")
    func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: Never.self) { try JSONValue.parse(fine) }
    }

    @Test("serialization is compact, sorts keys and round-trips")
    func serializes() throws {
        let text = #"{"b": [true, false, null], "a": {"z": "x\u0001\"y", "é": 1.50}}"#
        let value = try JSONValue.parse(text)
        #expect(value.serialized() == #"{"a":{"z":"x\u0001\"y","é":1.50},"b":[true,false,null]}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test("strings: plain text is written as it is, and every character that needs an escape gets one, in both styles", arguments: [
        ("evt_01JZ-plain id", #""evt_01JZ-plain id""#, #""evt_01JZ-plain id""#),
        ("quote\"back\\slash", #""quote\"back\\slash""#, #""quote\"back\\slash""#),
        ("line\nfeed\u{7}bell\u{7F}del", #""line\nfeed\u0007bell\#u{7F}del""#, #""line\nfeed\u0007bell\u007fdel""#),
        ("señor 🍕", #""señor 🍕""#, #""se\u00f1or \ud83c\udf55""#),
    ])
    func strings(text: String, compact: String, python: String) {
        #expect(JSONValue.string(text).serialized() == compact)
        #expect(JSONValue.string(text).pythonCanonical() == python)
    }
}
