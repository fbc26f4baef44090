// Placeholder until tools/measure_code_size.sh writes the measured table.
public enum CodeSizeTable {
    public static let measuredWith = "not measured"
    public static let coreBytes = 0
    public static let operatorBytes: [String: Int] = [:]
    public static let unknownOperatorBytes = 0
}
