import ArgumentParser
import KingletReport

struct ResolverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolver",
        abstract: "Print the op resolver a model needs: TFLM C++, Kinglet's Swift registrations or the C API's list.",
        discussion: """
            --tflm (the default) prints a tflite::MicroMutableOpResolver<N> with one Add call per operator the \
            model uses (N is their count), with TFLM's int8-only registration (Register_CONV_2D_INT8, ...) where \
            every use of the operator is int8. --swift prints Kinglet's OpRegistration table, --c the \
            kinglet_op_ list for kinglet_load; both pick the _INT8 variants the same way.
            """
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Flag(help: "Which resolver to print.")
    var flavor: ResolverListing.Flavor = .tflm

    func run() throws {
        let file = try ModelLoading.load(model)
        let name = model.split(separator: "/").last.map(String.init) ?? model
        print(ResolverListing.render(flavor, model: file.model, file: name), terminator: "")
        withExtendedLifetime(file) {}
    }
}

extension ResolverListing.Flavor: EnumerableFlag {
    public static func name(for value: ResolverListing.Flavor) -> NameSpecification { .long }
}
