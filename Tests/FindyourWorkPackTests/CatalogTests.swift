import FindyourWorkPack
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("findyourwork: the catalog and its option")
struct CatalogTests {
    func services(_ harness: PackHarness) async throws -> [JSONValue] {
        try await harness.call(.get, "/services").body["data"]?.arrayValue ?? []
    }

    @Test("the built-in catalog has the seed's DJ and a service of each type, sorted by service id")
    func builtIn() async throws {
        let list = try await services(makeMarketplace())
        #expect(
            list.first
                == (try json(
                    #"""
                    {"service_id": 123, "service_type": "dj", "service_name": "DJ Profesional", "service_category": "entretenimiento",
                     "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"}, "price": 250.00}
                    """#)))
        #expect(list.first?["price"]?.numberText == "250.00")
        #expect(list.filter { $0["service_type"] == .string("dj") }.count == 2)
        let categories = Dictionary(list.map { ($0["service_type"]?.stringValue ?? "", $0["service_category"]?.stringValue ?? "") }) { first, _ in first }
        #expect(categories["fotografia"] == "fotografia")
        #expect(categories["decoracion"] == "decoracion")
        #expect(categories["catering"] == "gastronomia")
        let ids = list.compactMap { $0["service_id"]?.scalarText }
        #expect(ids == ids.sorted())
    }

    @Test("the list is paged like the host's: limit, next_cursor, the next page after it; a bad limit is 422")
    func paging() async throws {
        let harness = try makeMarketplace()
        let all = try await services(harness)
        #expect(all.count > 2)
        let first = try await harness.call(.get, "/services", query: ["limit": "2"]).body
        #expect(first["data"]?.arrayValue == Array(all.prefix(2)))
        let cursor = try #require(first["next_cursor"]?.stringValue)
        let second = try await harness.call(.get, "/services", query: ["limit": "100", "cursor": cursor]).body
        #expect(second["data"]?.arrayValue == Array(all.dropFirst(2)))
        #expect(second["next_cursor"]?.isNull == true)
        #expect(try await harness.call(.get, "/services").body["next_cursor"]?.isNull == true)
        let exact = try await harness.call(.get, "/services", query: ["limit": String(all.count)]).body
        #expect(exact["next_cursor"]?.isNull == true, "no next page when nothing is left")
        for limit in ["0", "101", "many"] {
            await #expect(throws: PasarelaError.self) { _ = try await harness.call(.get, "/services", query: ["limit": limit]) }
        }
    }

    @Test("configured services are added, and replace built-in ones with the same service id")
    func merging() async throws {
        let catalog = try json(
            #"""
            [{"service_id": 123, "service_type": "dj", "service_name": "DJ Premium", "service_category": "entretenimiento",
              "provider": {"name": "DJ Sounds Pro"}, "price": 300},
             {"service_id": "mesa-dulce", "service_type": "catering", "service_name": "Mesa dulce", "service_category": "gastronomia",
              "provider": {"name": "Dulcería"}, "price": "80.5"}]
            """#)
        let harness = try makeMarketplace(["catalog": .json(catalog)])
        let builtInCount = try await services(makeMarketplace()).count
        let list = try await services(harness)
        #expect(list.count == builtInCount + 1)
        let dj = try #require(list.first { $0["service_id"]?.scalarText == "123" })
        #expect(dj["service_name"] == .string("DJ Premium"))
        #expect(dj["price"] == .number("300"))
        #expect(list.last?["service_id"] == .string("mesa-dulce"))
        #expect(list.last?["price"] == .string("80.5"))
    }

    @Test(
        "bad catalog entries fail the factory with the config key",
        arguments: [
            (#"{"a": 1}"#, "packs.findyourwork.catalog: must be a list"),
            (#"[5]"#, "packs.findyourwork.catalog[0]: must be a JSON object"),
            (#"[\#(CatalogTests.valid), \#(CatalogTests.valid), {"service_id": 9, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": 1.005}]"#,
             "packs.findyourwork.catalog[2].price:"),
            (#"[{"service_id": 9, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": -1}]"#,
             "packs.findyourwork.catalog[0].price: must not be negative"),
            (#"[{"service_id": 9, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": "abc"}]"#,
             "packs.findyourwork.catalog[0].price:"),
            (#"[{"service_id": 9, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}}]"#,
             "packs.findyourwork.catalog[0].price: is required"),
            (#"[{"service_id": 9.5, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": 1}]"#,
             "packs.findyourwork.catalog[0].service_id:"),
            (#"[{"service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": 1}]"#,
             "packs.findyourwork.catalog[0].service_id: is required"),
            (#"[{"service_id": 9, "service_name": "X", "service_category": "c", "provider": {}, "price": 1}]"#,
             "packs.findyourwork.catalog[0].service_type: is required"),
            (#"[{"service_id": 9, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": "Pepe", "price": 1}]"#,
             "packs.findyourwork.catalog[0].provider:"),
            (#"[{"service_id": 9, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": 1, "color": "red"}]"#,
             "packs.findyourwork.catalog[0].color: unknown field"),
        ])
    func invalidCatalog(catalog: String, message: String) throws {
        let error = #expect(throws: PasarelaError.self) { try makeMarketplace(["catalog": .json(json(catalog))]) }
        #expect(error?.code == .configuration)
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    }

    static let valid = #"{"service_id": 1, "service_type": "dj", "service_name": "X", "service_category": "c", "provider": {}, "price": 1}"#

    @Test("the descriptor is a pack with its options, and the contract's routes are mounted")
    func descriptorAndRoutes() throws {
        #expect(FindyourWorkModule.descriptor.kind == .pack)
        #expect(FindyourWorkModule.descriptor.name == "findyourwork")
        #expect(FindyourWorkModule.descriptor.options.map(\.name) == ["partner_id", "catalog"])
        #expect(
            try makeMarketplace().pack.routes.map { "\($0.method) \($0.path)" } == [
                "GET /services", "GET /opportunities", "GET /opportunities/{external_event_id}",
                "POST /opportunities/{external_event_id}/bookings", "POST /bookings/{booking_id}/confirm",
                "POST /bookings/{booking_id}/cancel", "POST /bookings/{booking_id}/provider",
            ])
        #expect(try makeMarketplace().pack.subscriptions == ["event.reservation_confirmed", "event.updated", "event.cancelled", "payment.success"])
    }
}
