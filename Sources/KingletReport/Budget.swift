import KingletRuntime
import TFLiteModel

/// A RAM and flash budget: from explicit sizes or a board.
public struct Budget: Sendable, Equatable {
    public var ramBytes: Int?
    public var flashBytes: Int?
    public var board: Board?
    /// What the figures are for: `.host` unless given or implied by the board (a Cortex-M4 board
    /// implies `.cortexM4`).
    public var target: BudgetTarget

    public init(ramBytes: Int? = nil, flashBytes: Int? = nil, board: Board? = nil, target: BudgetTarget? = nil) {
        self.ramBytes = ramBytes ?? board?.ramBytes
        self.flashBytes = flashBytes ?? board?.flashBytes
        self.board = board
        self.target = target ?? board?.target ?? .host
    }
}

/// A microcontroller board Kinglet knows the memory of.
public struct Board: Sendable, Equatable {
    public var name: String
    public var description: String
    public var ramBytes: Int
    public var flashBytes: Int
    /// The target its figures are computed for when no --target is given: `.cortexM4` for
    /// Cortex-M4(F) boards, `.host` for the others (no device table is measured for them).
    public var target: BudgetTarget = .host

    public static let all: [Board] = [
        Board(
            name: "nano33ble", description: "Arduino Nano 33 BLE Sense (nRF52840, Cortex-M4F)", ramBytes: 256 * 1024,
            flashBytes: 1024 * 1024, target: .cortexM4),
        Board(
            name: "sparkfun-edge", description: "SparkFun Edge (Apollo3, Cortex-M4F)", ramBytes: 384 * 1024,
            flashBytes: 1024 * 1024, target: .cortexM4),
        Board(name: "uno", description: "Arduino Uno (ATmega328P)", ramBytes: 2 * 1024, flashBytes: 32 * 1024),
        Board(
            name: "pico", description: "Raspberry Pi Pico (RP2040, Cortex-M0+)", ramBytes: 264 * 1024,
            flashBytes: 2 * 1024 * 1024),
        Board(name: "esp32", description: "ESP32 (Xtensa LX6)", ramBytes: 520 * 1024, flashBytes: 4 * 1024 * 1024),
    ]

    public static func named(_ name: String) throws(BudgetError) -> Board {
        guard let board = all.first(where: { $0.name == name.lowercased() }) else {
            throw BudgetError(
                "unknown board \"\(name)\"; known boards: " + all.map(\.name).joined(separator: ", ")
                    + " (see --board list)")
        }
        return board
    }
}

public struct BudgetError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Byte sizes as people write them: `262144`, `256KiB`, `256 KB`, `1.5MiB`, `512B`.
/// KB and MB are decimal (1000, 1000²); KiB and MiB binary (1024, 1024²).
public enum ByteSize {
    public static func parse(_ text: String) throws(BudgetError) -> Int {
        let trimmed = text.trimmingSpaces
        var numberEnd = trimmed.startIndex
        while numberEnd < trimmed.endIndex, trimmed[numberEnd].isNumber || trimmed[numberEnd] == "." {
            numberEnd = trimmed.index(after: numberEnd)
        }
        let number = String(trimmed[..<numberEnd])
        let unit = String(trimmed[numberEnd...]).trimmingSpaces.lowercased()
        let multipliers: [String: Int] = ["": 1, "b": 1, "kb": 1000, "kib": 1024, "mb": 1_000_000, "mib": 1_048_576]
        guard !number.isEmpty, let multiplier = multipliers[unit] else {
            throw BudgetError(
                "invalid size \"\(text)\": use a number of bytes with an optional unit B, KB, KiB, MB or MiB")
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : String(parts[0])) else {
            throw BudgetError("invalid size \"\(text)\": \"\(number)\" is not a number")
        }
        var bytes = whole.multipliedReportingOverflow(by: multiplier)
        if parts.count == 2 {
            let digits = String(parts[1])
            guard !digits.isEmpty, digits.count <= 9, let fraction = Int(digits) else {
                throw BudgetError("invalid size \"\(text)\": \"\(number)\" is not a number")
            }
            var scale = 1
            for _ in 0..<digits.count { scale *= 10 }
            let (product, overflow) = fraction.multipliedReportingOverflow(by: multiplier)
            guard !overflow, product % scale == 0 else {
                throw BudgetError("invalid size \"\(text)\": not a whole number of bytes")
            }
            bytes = bytes.partialValue.addingReportingOverflow(product / scale)
        }
        guard !bytes.overflow, bytes.partialValue <= (1 << 40) else {
            throw BudgetError("invalid size \"\(text)\": too large")
        }
        return bytes.partialValue
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
