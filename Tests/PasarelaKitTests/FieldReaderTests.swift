import PasarelaKit
import Testing

@Suite("Field reader")
struct FieldReaderTests {
    let body: JSONValue = .object([
        "name": .string("María"), "guests": .number("50"), "big": .number("1e3"), "time": .string("19:00"), "late": .string("24:00"),
        "tags": .array([.string("dj")]), "provider": .object(["name": .string("DJ")]), "nothing": .null,
    ])

    @Test("typed members, with 422 errors that name the field")
    func members() throws {
        let reader = try FieldReader(body, allowed: ["name", "guests", "big", "time", "late", "tags", "provider", "nothing"])
        #expect(try reader.requiredString("name") == "María")
        #expect(try reader.optionalInteger("guests") == 50)
        #expect(try reader.optionalInteger("nothing") == nil)
        #expect(try reader.stringList("tags") == ["dj"])
        #expect(try reader.optionalObject("provider") == ["name": .string("DJ")])
        #expect(try reader.optionalClockTime("time") == "19:00")
        #expect(#expect(throws: PasarelaError.self) { try reader.optionalInteger("big") }?.message == "big: must be an integer")
        #expect(#expect(throws: PasarelaError.self) { try reader.requiredString("nothing") }?.message == "nothing: is required")
        #expect(#expect(throws: PasarelaError.self) { try reader.optionalObject("tags") }?.message == "tags: must be an object, not array")
        #expect(#expect(throws: PasarelaError.self) { try reader.optionalClockTime("late") }?.code == .invalidRequest)
    }

    @Test("times of day are HH:MM on a 24-hour clock", arguments: [
        ("00:00", true), ("19:00", true), ("23:59", true), ("24:00", false), ("7:00", false), ("19:60", false), ("19-00", false),
        ("١٩:٠٠", false), ("", false),
    ])
    func clockTimes(text: String, valid: Bool) {
        #expect(FieldReader.isClockTime(text) == valid)
    }

    @Test("an unknown member or a body that is not an object is refused")
    func shape() {
        #expect(#expect(throws: PasarelaError.self) { try FieldReader(body, allowed: ["name"]) }?.message.hasPrefix("big: unknown field") == true)
        #expect(#expect(throws: PasarelaError.self) { try FieldReader(.array([]), allowed: []) }?.message == "the body: must be a JSON object")
    }
}
