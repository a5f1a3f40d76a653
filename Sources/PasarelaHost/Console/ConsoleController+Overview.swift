import Foundation
import Hummingbird
import PasarelaKit

extension ConsoleController {
    /// How many of the newest items of each kind the overview counts.
    static let overviewSample = 1000

    /// Counts and charts: deliveries and inbound events per hour by outcome, payments by status.
    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let now = clock.now()
        let deliveries = try await storage.deliveries(DeliveryQuery(limit: Self.overviewSample))
        let events = try await storage.inboxEvents(InboxQuery(limit: Self.overviewSample))
        let recentPayments = try await storage.payments(PaymentQuery(limit: Self.overviewSample))
        let pending = try await storage.pendingDeliveries()

        let deliveryStatuses = DeliveryStatus.allCases.map(\.rawValue)
        let eventStatuses = [InboxStatus.processed, .received, .failed].map(\.rawValue)
        let paymentCounts = PaymentStatus.allCases.map { status in
            (series: status.rawValue, count: recentPayments.filter { $0.status == status }.count)
        }
        let counts = Markup.details(
            [
                ("Deliveries pending", "\(pending.count)"),
                ("Oldest pending since", Markup.time(pending.oldestCreatedAt)),
            ] + deliveryStatuses.filter { $0 != DeliveryStatus.pending.rawValue }.map { status in
                ("Deliveries \(status)", "\(deliveries.filter { $0.status.rawValue == status }.count)")
            } + [("Inbound events", "\(events.count)"), ("Payments", "\(recentPayments.count)")]
                + paymentCounts.filter { $0.count > 0 }.map { ("Payments \($0.series)", "\($0.count)") })
        let body = """
            <section class="counts"><h2>Counts</h2>\(counts)
            <p class="hint">From the newest \(Self.overviewSample) of each kind.</p></section>
            <section class="charts">
            \(ConsoleChart.hourly(
                "Deliveries per hour", series: deliveryStatuses,
                counts: ConsoleChart.perHour(deliveries.map { ($0.updatedAt, $0.status.rawValue) }, series: deliveryStatuses, now: now), now: now))
            \(ConsoleChart.hourly(
                "Inbound events per hour", series: eventStatuses,
                counts: ConsoleChart.perHour(events.map { ($0.receivedAt, $0.status.rawValue) }, series: eventStatuses, now: now), now: now))
            \(ConsoleChart.bars("Payments by status", paymentCounts))
            </section>
            """
        return ConsolePage(title: "Overview", section: "/console", body: body, notice: Self.notice(of: request)).response(session: session)
    }
}
