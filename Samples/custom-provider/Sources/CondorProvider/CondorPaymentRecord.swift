import PasarelaKit

/// A payment as Condor Pay keeps it.
struct CondorPaymentRecord: Codable {
    var id: String
    var amountMinor: Int64
    var currency: String
    var approved: Bool

    var snapshot: ProviderPayment {
        approved
            ? ProviderPayment(providerPaymentID: id, status: .succeeded, providerStatus: "approved")
            : ProviderPayment(
                providerPaymentID: id, status: .failed, providerStatus: "declined", failureCode: "over_limit",
                failureMessage: "the amount is over the account's approval limit")
    }
}
