import HTTPTypes
import PasarelaKit

extension APIOperation {
    /// A loaded pack's route, documented as the pack documents it.
    init(pack: String, route: PackRoute) {
        self.init(
            method: HTTPRequest.Method(route.method.rawValue) ?? .get, path: route.path,
            id: Self.operationID(pack, route.method, route.path), tag: "Pack \(pack)",
            access: route.access.partnerID == nil ? .admin : .adminOrPartnerKey,
            documentation: route.documentation ?? RouteDocumentation("\(route.method) \(route.path), served by the \(pack) pack"))
    }

    /// A provider instance's public checkout route, mounted under `/checkout/{instance}`.
    init(checkoutOf instance: String, route: ProviderRoute) {
        let path = "/checkout/\(instance)" + (route.template.path.hasPrefix("/") ? "" : "/") + route.template.path
        self.init(
            method: HTTPRequest.Method(route.method.rawValue) ?? .get, path: path,
            id: Self.operationID("checkout-\(instance)", route.method, route.template.path), tag: "Checkout", access: .open,
            documentation: route.documentation ?? RouteDocumentation("\(route.method) \(path), served by the \(instance) instance's module"))
    }

    /// `chuwue-grill-get-reservations-reservation_id`: unique per method and path within a module.
    private static func operationID(_ owner: String, _ method: PackRouteMethod, _ path: String) -> String {
        let words = path.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        return ([owner, method.rawValue.lowercased()] + words.map(String.init)).joined(separator: "-")
    }
}
