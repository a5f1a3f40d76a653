import PasarelaKit
import Testing

@Suite("Module options")
struct ModuleOptionsTests {
    let specs = [
        OptionSpec(name: "secret_key", type: .string, required: true, secret: true),
        OptionSpec(name: "timeout_seconds", type: .integer, defaultValue: .integer(30)),
        OptionSpec(name: "capture", type: .boolean),
        OptionSpec(name: "methods", type: .stringList),
    ]

    @Test("valid options are typed and defaults filled in")
    func valid() throws {
        let options = try ModuleOptions.validate(
            ["secret_key": .string("sk_test_123"), "capture": .boolean(true), "methods": .string("card")],
            against: specs, keyPath: "payments.instances.stripe")
        #expect(options.string("secret_key") == "sk_test_123")
        #expect(options.integer("timeout_seconds") == 30)
        #expect(options.boolean("capture") == true)
        #expect(options.stringList("methods") == ["card"])
        #expect(options.masked["secret_key"] == "****")
        #expect(options.masked["timeout_seconds"] == "30")
    }

    @Test("a missing required option names the key")
    func missingRequired() {
        #expect(throws: PasarelaError(.configuration, "payments.instances.stripe.secret_key: required option is missing")) {
            try ModuleOptions.validate([:], against: specs, keyPath: "payments.instances.stripe")
        }
        #expect(throws: PasarelaError(.configuration, "payments.instances.stripe.secret_key: required option is empty")) {
            try ModuleOptions.validate(["secret_key": .string("")], against: specs, keyPath: "payments.instances.stripe")
        }
    }

    @Test("a wrong type names the key and both types")
    func wrongType() {
        #expect(throws: PasarelaError(.configuration, "payments.instances.s.timeout_seconds: expected integer, got string")) {
            try ModuleOptions.validate(
                ["secret_key": .string("k"), "timeout_seconds": .string("soon")], against: specs, keyPath: "payments.instances.s")
        }
    }

    @Test("an unknown option names the key and the known ones")
    func unknownOption() throws {
        let error = #expect(throws: PasarelaError.self) {
            try ModuleOptions.validate(["secret_key": .string("k"), "secret_kye": .string("k")], against: specs, keyPath: "p.i.s")
        }
        #expect(error?.message.hasPrefix("p.i.s.secret_kye: unknown option") == true)
        #expect(error?.message.contains("secret_key") == true)
    }
}

@Suite("Module options: JSON")
struct JSONModuleOptionsTests {
    @Test("a json option takes structured values and scalars, as JSON")
    func jsonOptions() throws {
        let specs = [OptionSpec(name: "catalog", type: .json), OptionSpec(name: "tags", type: .json)]
        let options = try ModuleOptions.validate(
            ["catalog": .json(.array([.object(["id": .number("1")])])), "tags": .stringList(["a", "b"])], against: specs, keyPath: "packs.x")
        #expect(options.json("catalog") == .array([.object(["id": .number("1")])]))
        #expect(options.json("tags") == .array([.string("a"), .string("b")]))
        #expect(options.string("catalog") == nil)
    }

    @Test("structured values are refused by options of other types")
    func structuredForString() {
        let error = #expect(throws: PasarelaError.self) {
            try ModuleOptions.validate(["name": .json(.object([:]))], against: [OptionSpec(name: "name", type: .string)], keyPath: "packs.x")
        }
        #expect(error?.message == "packs.x.name: expected string, got json")
    }
}
