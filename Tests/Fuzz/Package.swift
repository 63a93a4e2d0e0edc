// swift-tools-version:6.0
// The libFuzzer driver for CLIPLab's parsers (the targets live in Sources/CLIPFuzz).
// Built by `make fuzz` with `-sanitize=fuzzer,address`; see Tests/Fuzz/run.sh.
import PackageDescription

let package = Package(
    name: "CLIPLabFuzz",
    dependencies: [.package(name: "CLIPLab", path: "../..")],
    targets: [
        .executableTarget(name: "cliplab-fuzz", dependencies: [.product(name: "CLIPFuzz", package: "CLIPLab")]),
    ],
    swiftLanguageModes: [.v6]
)
