import FlatBufferReader

/// `tflite.SubGraph`: tensors, operators in execution order, and the graph's inputs and outputs.
public struct SubGraph: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field {
        static let tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4
    }

    public var tensors: TableVector<Tensor> { table.tables(Field.tensors) }
    /// Indices of the graph's input tensors.
    public var inputs: ScalarVector<Int32> { table.scalars(Field.inputs) }
    /// Indices of the graph's output tensors.
    public var outputs: ScalarVector<Int32> { table.scalars(Field.outputs) }
    public var operators: TableVector<Operator> { table.tables(Field.operators) }
    public var name: String? { table.string(Field.name) }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        try v.tables(t, Field.tensors, kind: SchemaTable.tensor, Tensor.verify)
        _ = try v.vector(t, Field.inputs, elementSize: 4)
        _ = try v.vector(t, Field.outputs, elementSize: 4)
        try v.tables(t, Field.operators, kind: SchemaTable.operator, Operator.verify)
        _ = try v.string(t, Field.name)
    }
}
