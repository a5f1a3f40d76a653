import Foundation
import PasarelaKit

/// Stripe's published response fixtures (see Fixtures/README.md), as templates whose fields the
/// fake overrides.
public enum StripeFixtures {
    /// The fixture named `name` (`payment_intent`, `refund`, `charge`, `event`, `dispute`, `checkout_session`), as object members.
    public static func template(_ name: String) -> [String: JSONValue] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let members = (try? JSONValue.parse(Array(data)))?.objectValue
        else {
            preconditionFailure("missing Stripe fixture \(name).json")
        }
        return members
    }
}
