// swift-tools-version:6.0
import PackageDescription

// Layers, each depending only on those before it:
// FlatBufferReader → TFLiteModel → KingletKernels → KingletRuntime → KingletReport → kinglet (CLI);
// KingletDevice (the C API) sits on KingletRuntime beside KingletReport.
// The core (reader, model, kernels, runtime) uses no Foundation and depends on no package.
// TFLiteNames (host only) holds the schema's names and the text rendering of the core's typed
// values (operator names, verification messages, options by field name) for the report side.
// Host SIMD tiers (x86-64 hosts only; see docs/architecture.md, "Host SIMD tiers"): KingletHostCPU
// (C) asks the CPU at run time which tier it can run; KingletKernelsX86V4 holds the AVX-512 kernels,
// compiled for -target-cpu cascadelake, called only when the CPU has every feature that target
// may emit. Other hosts (aarch64, macOS arm64) and the device build never see these modules.
// SwiftPM refuses unsafe flags (the tier's -target-cpu) in a package that another depends on by
// version or branch, which it checks out under .../checkouts/: there the manifest leaves the tier
// out, and Kinglet runs its baseline host kernels. KINGLET_HOST_TIERS=0 or 1 in the environment
// decides instead.
let hostTiersWanted =
    Context.environment["KINGLET_HOST_TIERS"].map { $0 != "0" } ?? !Context.packageDirectory.contains("/checkouts/")
#if arch(x86_64)
    let hostTiers = hostTiersWanted
#else
    let hostTiers = false
#endif
let hostTierTargets: [Target] =
    hostTiers
    ? [
        .target(name: "KingletHostCPU"),
        .target(
            name: "KingletKernelsX86V4", dependencies: ["KingletKernels"],
            swiftSettings: [.unsafeFlags(["-target-cpu", "cascadelake"])]),
    ] : []
let hostTierDependencies: [Target.Dependency] = hostTiers ? ["KingletHostCPU", "KingletKernelsX86V4"] : []

let package = Package(
    name: "Kinglet",
    products: [
        .library(name: "Kinglet", targets: ["KingletRuntime", "TFLiteModel", "FlatBufferReader"]),
        .library(name: "KingletReport", targets: ["KingletReport", "TFLiteNames"]),
        .executable(name: "kinglet", targets: ["kinglet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .target(name: "FlatBufferReader"),
        .target(name: "TFLiteModel", dependencies: ["FlatBufferReader"]),
        .target(name: "TFLiteNames", dependencies: ["TFLiteModel"]),
        // roundf/fma/ceilf come from libm, which Linux links only on request.
        .target(name: "KingletKernels", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "KingletRuntime", dependencies: ["TFLiteModel", "KingletKernels"] + hostTierDependencies),
        .target(name: "KingletReport", dependencies: ["TFLiteModel", "TFLiteNames", "KingletRuntime"]),
        // The C API of include/kinglet.h (@_cdecl), for firmware; tools/device/build_lib.sh builds it
        // with the core as Embedded Swift into libkinglet.a.
        .target(name: "KingletDevice", dependencies: ["FlatBufferReader", "TFLiteModel", "KingletRuntime"]),
        .executableTarget(
            name: "kinglet",
            dependencies: [
                "KingletReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FlatBufferReaderTests", dependencies: ["FlatBufferReader"]),
        // Test support: a FlatBuffer writer and TFLite model builder shared by the test targets.
        // Also the fixtures (testdata/, ../shared/models), seeds and the mutation engine.
        .target(
            name: "KingletTestSupport",
            dependencies: ["FlatBufferReader", "TFLiteModel", "TFLiteNames"],
            path: "Tests/Support/KingletTestSupport"
        ),
        .testTarget(
            name: "TFLiteModelTests",
            dependencies: ["TFLiteModel", "TFLiteNames", "KingletTestSupport", "MallocCounter"]),
        .testTarget(name: "KingletKernelsTests", dependencies: ["KingletKernels"] + hostTierDependencies),
        // Test support: counts heap allocations (proves invoke() allocates nothing).
        .target(name: "MallocCounter", path: "Tests/Support/MallocCounter"),
        .testTarget(
            name: "KingletRuntimeTests",
            dependencies: ["KingletRuntime", "KingletReport", "KingletTestSupport", "MallocCounter"]),
        .testTarget(name: "KingletReportTests", dependencies: ["KingletReport", "KingletTestSupport"]),
        .testTarget(name: "KingletCLITests", dependencies: ["kinglet"]),
        .testTarget(
            name: "KingletDeviceTests", dependencies: ["KingletDevice", "KingletRuntime", "TFLiteModel", "TFLiteNames"]),
    ] + hostTierTargets
)
