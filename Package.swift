// swift-tools-version:6.0
import PackageDescription

// Modules follow the data flow: Core ← Text/Image ← Model ← Lab; Viz is pure.
let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "CLIPLab",
    products: [
        .executable(name: "cliplab", targets: ["cliplab"]),
        .library(name: "CLIPLabKit", targets: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPViz", "CLIPLab"]),
        .library(name: "CLIPFuzz", targets: ["CLIPFuzz"]),
    ],
    targets: [
        // System libraries and the only C in the project.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),

        .target(name: "CLIPCore", dependencies: ["CBLAS"], swiftSettings: optimize),
        .target(name: "CLIPText", dependencies: ["CLIPCore", "CZlib"],
                resources: [.copy("Resources/bpe_simple_vocab_16e6.txt.gz"), .copy("Resources/LICENSE-open_clip.txt")], swiftSettings: optimize),
        .target(name: "CLIPImage", dependencies: ["CLIPCore", "CPNG", "CJPEG"], swiftSettings: optimize),
        .target(name: "CLIPViz", swiftSettings: optimize),
        .target(name: "CLIPModel", dependencies: ["CLIPCore", "CLIPText", "CLIPImage"], swiftSettings: optimize),
        .target(name: "CLIPLab", dependencies: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPViz", "CReadline"],
                swiftSettings: optimize),
        .executableTarget(name: "cliplab", dependencies: ["CLIPLab"], swiftSettings: optimize),
        // The parsers' promises on any input: driven by libFuzzer (Tests/Fuzz), replayed by the tests.
        .target(name: "CLIPFuzz", dependencies: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPLab"]),

        .testTarget(name: "CLIPCoreTests", dependencies: ["CLIPCore"]),
        .testTarget(name: "CLIPTextTests", dependencies: ["CLIPText"]),
        .testTarget(name: "CLIPImageTests", dependencies: ["CLIPImage"]),
        .testTarget(name: "CLIPVizTests", dependencies: ["CLIPViz"]),
        .testTarget(name: "CLIPModelTests", dependencies: ["CLIPModel"]),
        .testTarget(name: "CLIPLabTests", dependencies: ["CLIPLab"]),
        .testTarget(name: "CLIPFuzzTests", dependencies: ["CLIPFuzz"]),
    ],
    swiftLanguageModes: [.v6]
)
