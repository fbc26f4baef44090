/// A plain-text table: columns padded to their widest cell, each cell capped at its column's
/// `maxWidth` by eliding the middle (`serving_def…dense_input:0`), so wide models stay readable.
struct TextTable {
    struct Column {
        var title: String
        var rightAligned = false
        var maxWidth = 48
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func rendered(indent: Int = 2) -> String {
        let capped = rows.map { row in
            row.enumerated().map { index, cell in elide(printable(cell), to: columns[index].maxWidth) }
        }
        var widths = columns.map(\.title.count)
        for row in capped {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var lines: [String] = []
        func line(_ cells: [String]) -> String {
            var text = String(repeating: " ", count: indent)
            for (index, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == cells.count - 1
                text += columns[index].rightAligned ? pad + cell : (isLast ? cell : cell + pad)
                if !isLast { text += "  " }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        lines.append(line(columns.map(\.title)))
        for row in capped { lines.append(capLine(line(row))) }
        return lines.joined(separator: "\n")
    }
}

/// `text` shortened to `width` characters by replacing its middle with `…`.
func elide(_ text: String, to width: Int) -> String {
    guard text.count > width, width >= 5 else { return text }
    let keep = width - 1
    let head = (keep + 1) / 2
    let tail = keep - head
    return String(text.prefix(head)) + "…" + String(text.suffix(tail))
}

/// `1234567` → `1,234,567`.
func grouped(_ value: some BinaryInteger) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
        result.append(character)
    }
    return (value < 0 ? "-" : "") + result
}

/// A float in at most `digits` significant digits, without Foundation's formatters.
func compact(_ value: Float, digits: Int = 5) -> String {
    guard value.isFinite else { return value.description }
    if value == 0 { return "0" }
    let magnitude = abs(Double(value))
    var exponent = 0
    var scaled = magnitude
    while scaled >= 10 { scaled /= 10; exponent += 1 }
    while scaled < 1 { scaled *= 10; exponent -= 1 }
    var mantissa = (scaled * pow10(digits - 1)).rounded() / pow10(digits - 1)
    if mantissa >= 10 { mantissa /= 10; exponent += 1 }
    let sign = value < 0 ? "-" : ""
    if exponent >= -4 && exponent < digits {
        let plain = mantissa * pow10(exponent)
        return sign + trimmed(plain, decimals: max(0, digits - 1 - exponent))
    }
    return sign + trimmed(mantissa, decimals: digits - 1) + "e" + String(exponent)
}

private func pow10(_ n: Int) -> Double {
    var result = 1.0
    if n >= 0 { for _ in 0..<n { result *= 10 } } else { for _ in 0..<(-n) { result /= 10 } }
    return result
}

private func trimmed(_ value: Double, decimals: Int) -> String {
    let factor = pow10(decimals)
    let scaled = (value * factor).rounded()
    let integer = Int64(scaled / factor)
    var fraction = Int64(scaled - Double(integer) * factor)
    var text = String(integer)
    if decimals > 0 && fraction != 0 {
        var fractionText = String(fraction)
        fractionText = String(repeating: "0", count: decimals - fractionText.count) + fractionText
        while fractionText.hasSuffix("0") { fractionText.removeLast() }
        text += "." + fractionText
    }
    fraction = 0
    return text
}

/// The widest line a report prints.
let maximumLineWidth = 160

/// `line` cut to `maximumLineWidth` columns, ending in `…` when cut.
func capLine(_ line: String) -> String {
    guard line.count > maximumLineWidth else { return line }
    return String(line.prefix(maximumLineWidth - 1)) + "…"
}

/// `text` with control characters (newlines, tabs, escapes in hostile names) shown as `?`, so a
/// name cannot break a table's layout.
func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
        result.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
    }
    return result
}
