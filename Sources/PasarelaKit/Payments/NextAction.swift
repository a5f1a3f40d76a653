import Foundation

/// What the customer must do before a `requires_action` payment can go on: follow a redirect to a
/// hosted page, or finish the payment with the provider's client SDK.
///
/// - Since: ADK 2.1.
public struct NextAction: Hashable, Sendable {
    /// `redirect_to_url` or `provider_sdk`.
    public var type: NextActionType
    /// Where to send the customer, for `redirect_to_url`.
    public var url: String?
    /// When the page stops accepting the customer, when the provider says.
    public var expiresAt: Date?
    /// The secret the provider's client SDK needs, for `provider_sdk`.
    public var clientSecret: String?

    /// A redirect to `url`, open until `expiresAt`.
    public static func redirect(to url: String, expiresAt: Date?) -> NextAction {
        NextAction(type: .redirectToURL, url: url, expiresAt: expiresAt, clientSecret: nil)
    }

    /// A flow only the provider's client SDK can finish, with the secret it needs.
    public static func providerSDK(clientSecret: String) -> NextAction {
        NextAction(type: .providerSDK, url: nil, expiresAt: nil, clientSecret: clientSecret)
    }

    /// A next action of any type; ``redirect(to:expiresAt:)`` and ``providerSDK(clientSecret:)`` make the usual two.
    public init(type: NextActionType, url: String?, expiresAt: Date?, clientSecret: String?) {
        self.type = type
        self.url = url
        self.expiresAt = expiresAt
        self.clientSecret = clientSecret
    }
}

/// The kind of a ``NextAction``.
///
/// - Since: ADK 2.1.
public struct NextActionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Send the customer to ``NextAction/url``.
    public static let redirectToURL = NextActionType(rawValue: "redirect_to_url")
    /// Finish with the provider's client SDK and ``NextAction/clientSecret``.
    public static let providerSDK = NextActionType(rawValue: "provider_sdk")
}
