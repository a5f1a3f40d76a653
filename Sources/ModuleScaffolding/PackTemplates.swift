/// A new event-handler pack: a descriptor, a pack that keeps the orders a partner announces
/// and serves them on one route, and its conformance test.
struct PackTemplates {
    let name: ScaffoldName

    var files: [(path: String, contents: String)] {
        let pack = name.workerType
        let route = "/\(name.registryName)/orders/{order_id}"
        return [
            (
                "Sources/\(name.target)/\(name.moduleType).swift",
                """
                import PasarelaKit

                /// The `\(name.registryName)` event-handler pack.
                public enum \(name.moduleType) {
                    public static let descriptor = ModuleDescriptor(
                        name: "\(name.registryName)", version: "0.1.0", summary: "\(name.base): keeps the orders a partner announces",
                        options: [
                            OptionSpec(name: "partner_id", type: .string, defaultValue: .string("\(name.registryName)-partner"), summary: "The partner whose orders this pack takes"),
                        ],
                        factory: .pack { options, context in
                            \(pack)(partnerID: try PartnerID.checked(options.string("partner_id") ?? "", key: "partner_id"), context: context)
                        })
                }

                """
            ),
            (
                "Sources/\(name.target)/\(pack).swift",
                """
                import PasarelaKit

                /// Keeps each `order.created` event of its partner as a document, once per order, and
                /// serves it at `GET \(route)`. Replace the event type, the fields and the route with
                /// your own; the conformance test tells you what the host expects of a pack.
                struct \(pack): EventHandlerPack {
                    static let orderCreated: EventType = "order.created"

                    let partnerID: String
                    let context: PackContext

                    var subscriptions: Set<EventType> { [Self.orderCreated] }

                    var routes: [PackRoute] {
                        [
                            .get("\(route)") { request, session in
                                let orderID = try request.parameter("order_id")
                                guard let order = try await session.document(forKey: "order/\\(orderID)") else {
                                    throw PasarelaError(.notFound, "no order \\(orderID)")
                                }
                                return .ok(order)
                            }
                            .documented(RouteDocumentation("Read an order the partner sent", response: .objectSchema(["order_id": "string"])))
                        ]
                    }

                    func handle(_ event: PackEvent, in session: PackSession) async throws {
                        guard event.comes(from: partnerID, logger: context.logger) else { return }
                        let fields = try FieldReader(event.data, allowed: ["order_id", "description"])
                        let orderID = try fields.requiredString("order_id")
                        let description = try fields.optionalString("description")
                        let order: JSONValue = .object(["order_id": .string(orderID), "description": description.map(JSONValue.string) ?? .null])
                        session.setDocument(order, forKey: "order/\\(orderID)")
                    }
                }

                """
            ),
            (
                "Tests/\(name.testTarget)/\(name.target)ConformanceTests.swift",
                """
                import \(name.target)
                import PasarelaKit
                import PasarelaTesting
                import Testing

                @Suite("\(name.registryName) pack")
                struct \(name.target)ConformanceTests {
                    @Test("passes the pack conformance kit")
                    func conformance() async throws {
                        let partner = "\(name.registryName)-partner"
                        let order: JSONValue = .object(["order_id": .string("ORD-1"), "description": .string("Catering for 40")])
                        let fixture = PackConformanceFixture(
                            partners: [partner], events: [.fromPartner(partner, type: "order.created", data: order)],
                            parameters: ["order_id": "ORD-1"])
                        try await PackConformance(\(name.moduleType).descriptor, fixture).check()
                    }

                    @Test("an announced order is served on its route")
                    func orderRoute() async throws {
                        let harness = try PackHarness(\(name.moduleType).descriptor)
                        let order: JSONValue = .object(["order_id": .string("ORD-7"), "description": .string("Catering for 40")])
                        try await harness.deliver(.fromPartner("\(name.registryName)-partner", type: "order.created", data: order))
                        let answer = try await harness.call(.get, "/\(name.registryName)/orders/ORD-7")
                        #expect(answer.body["description"]?.stringValue == "Catering for 40")
                    }
                }

                """
            ),
        ]
    }
}
