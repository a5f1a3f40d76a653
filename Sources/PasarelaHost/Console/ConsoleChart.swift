import Foundation

/// Inline-SVG charts for the overview. Colours come from the stylesheet (`bar-<series>`
/// classes): the console's policy allows no inline style.
enum ConsoleChart {
    /// How many hours the hourly charts cover, ending with the current one.
    static let hours = 24

    /// Counts per hour (oldest first, ``hours`` of them) and per series, of `items` dated within
    /// the last ``hours`` hours before `now`.
    static func perHour(_ items: [(date: Date, series: String)], series: [String], now: Date) -> [[Int]] {
        let currentHour = (now.timeIntervalSince1970 / 3600).rounded(.down)
        var counts = Array(repeating: Array(repeating: 0, count: series.count), count: hours)
        for item in items {
            let age = Int(currentHour - (item.date.timeIntervalSince1970 / 3600).rounded(.down))
            guard (0..<hours).contains(age), let index = series.firstIndex(of: item.series) else { continue }
            counts[hours - 1 - age][index] += 1
        }
        return counts
    }

    /// A column per hour, stacked by series, with a legend; `counts` as ``perHour(_:series:now:)``.
    static func hourly(_ title: String, series: [String], counts: [[Int]], now: Date) -> String {
        let (width, height, columnWidth) = (480.0, 150.0, 480.0 / Double(hours))
        let plotHeight = height - 20
        let maximum = max(1, counts.map { $0.reduce(0, +) }.max() ?? 1)
        let firstHour = (now.timeIntervalSince1970 / 3600).rounded(.down) - Double(hours - 1)
        var shapes: [String] = []
        for (column, values) in counts.enumerated() {
            let hourLabel = label(hour: firstHour + Double(column))
            var top = plotHeight
            for (index, value) in values.enumerated() where value > 0 {
                let barHeight = plotHeight * Double(value) / Double(maximum)
                top -= barHeight
                shapes.append(
                    "<rect class=\"bar-\(series[index])\" x=\"\(format(Double(column) * columnWidth + 2))\" y=\"\(format(top))\" "
                        + "width=\"\(format(columnWidth - 4))\" height=\"\(format(barHeight))\">"
                        + "<title>\(hourLabel) \(Markup.text(series[index])): \(value)</title></rect>")
            }
            if column % 6 == 0 {
                shapes.append("<text class=\"axis\" x=\"\(format(Double(column) * columnWidth + 2))\" y=\"\(format(height - 4))\">\(hourLabel)</text>")
            }
        }
        let total = counts.joined().reduce(0, +)
        return figure(
            title, svg: "<svg viewBox=\"0 0 \(format(width)) \(format(height))\" role=\"img\" aria-label=\"\(Markup.text(title)): \(total)\">"
                + shapes.joined() + "</svg>", legend: series)
    }

    /// Horizontal bars, one per (series, count), with the count written beside each.
    static func bars(_ title: String, _ items: [(series: String, count: Int)]) -> String {
        let rowHeight = 22.0
        let maximum = max(1, items.map(\.count).max() ?? 1)
        let shapes = items.enumerated().map { row, item in
            let y = Double(row) * rowHeight
            let barWidth = max(item.count > 0 ? 2 : 0, 300 * Double(item.count) / Double(maximum))
            return "<text class=\"axis\" x=\"0\" y=\"\(format(y + 15))\">\(Markup.text(item.series))</text>"
                + "<rect class=\"bar-\(item.series)\" x=\"130\" y=\"\(format(y + 3))\" width=\"\(format(barWidth))\" height=\"16\"></rect>"
                + "<text class=\"axis\" x=\"\(format(136 + barWidth))\" y=\"\(format(y + 15))\">\(item.count)</text>"
        }
        let height = max(rowHeight, Double(items.count) * rowHeight)
        return figure(
            title, svg: "<svg viewBox=\"0 0 480 \(format(height))\" role=\"img\" aria-label=\"\(Markup.text(title))\">" + shapes.joined() + "</svg>",
            legend: [])
    }

    private static func figure(_ title: String, svg: String, legend: [String]) -> String {
        let keys = legend.map { "<li><span class=\"swatch bar-\($0)\"></span>\(Markup.text($0))</li>" }.joined()
        let legendList = legend.isEmpty ? "" : "<ul class=\"legend\">\(keys)</ul>"
        return "<figure class=\"chart\"><figcaption>\(Markup.text(title))</figcaption>\(svg)\(legendList)</figure>"
    }

    /// `14:00` for an hour counted since 1970 (UTC).
    private static func label(hour: Double) -> String {
        let hourOfDay = Int(hour.truncatingRemainder(dividingBy: 24))
        return (hourOfDay < 10 ? "0" : "") + "\(hourOfDay):00"
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
