// swift-tools-version:6.0
import PackageDescription

// Modules follow the data flow: Core ← Text/Image ← Model ← Training ← Lab, with the toy world
// (Data) beside Model; Viz is pure.
//
// Release builds are whole-module optimised by default. Only the tensor kernels drop Swift's
// bounds and overflow checks (`-Ounchecked`): a profile of `bench model`/`bench train` puts
// nearly all the time there. Every other module keeps its checks, in `make test` too.
let kernels: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
// The rest of the binary is built for baseline x86-64 (SSE2); only CLIPKernelsAVX2 and
// CLIPKernelsAVX512 target Haswell-class and AVX-512 CPUs, and run only on CPUs that have them.
#if arch(x86_64)
let avx2: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
let avx512: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"])]
#else
let avx2: [SwiftSetting] = []
let avx512: [SwiftSetting] = []
#endif

let package = Package(
    name: "CLIPLab",
    products: [
        .executable(name: "cliplab", targets: ["cliplab"]),
        .library(name: "CLIPLabKit", targets: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPData", "CLIPTraining",
                                              "CLIPViz", "CLIPExpressions", "CLIPLab", "CLIPKernel"]),
        .library(name: "CLIPFuzz", targets: ["CLIPFuzz"]),
    ],
    targets: [
        // System libraries and the only C in the project.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),

        // Tensors, autodiff, optimisers, tensor files.
        .target(name: "CLIPCore", dependencies: ["CBLAS", "CLIPKernelsAVX2", "CLIPKernelsAVX512"], swiftSettings: kernels),
        // CLIPCore's fixed-order product kernel (a link to its source) built again for AVX2 and for
        // AVX-512 CPUs, chosen at run time; the same bits as the baseline build (see ProductKernel.swift).
        .target(name: "CLIPKernelsAVX2", swiftSettings: kernels + avx2),
        .target(name: "CLIPKernelsAVX512", swiftSettings: kernels + avx512),
        // Text → token ids (the real BPE) and files → pixels.
        .target(name: "CLIPText", dependencies: ["CLIPCore", "CZlib"],
                resources: [.copy("Resources/bpe_simple_vocab_16e6.txt.gz"), .copy("Resources/LICENSE-open_clip.txt")]),
        .target(name: "CLIPImage", dependencies: ["CLIPCore", "CPNG", "CJPEG"]),
        // The model a learner reads: configs, layers, both towers, the loss, checkpoints, and the
        // pipeline that pairs a model with its tokenizer and preprocessing.
        .target(name: "CLIPModel", dependencies: ["CLIPCore", "CLIPText", "CLIPImage"]),
        // The generated toy world and image-folder datasets: data, no model.
        .target(name: "CLIPData", dependencies: ["CLIPCore", "CLIPImage"]),
        // Training and evaluation: the toy trainer, zero-shot, linear probe, dataset embedding.
        .target(name: "CLIPTraining", dependencies: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPData", "CBLAS"]),
        // Expression cells: NumPy-like math over named tensors, evaluated by Core (with grad).
        .target(name: "CLIPExpressions", dependencies: ["CLIPCore"]),
        // Values in, text or PNG out.
        .target(name: "CLIPViz"),
        // The REPL, its command table, lessons, notebooks and benchmarks.
        .target(name: "CLIPLab", dependencies: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPData", "CLIPTraining",
                                                "CLIPViz", "CLIPExpressions", "CReadline", "CBLAS"]),
        // The Jupyter front end: the same command table over the kernel messaging protocol.
        .target(name: "CLIPKernel", dependencies: ["CLIPLab", "CLIPImage", "CLIPViz", "CZMQ", "CCrypto"]),
        .executableTarget(name: "cliplab", dependencies: ["CLIPLab", "CLIPKernel"]),
        // The parsers' promises on any input: driven by libFuzzer (Tests/Fuzz), replayed by the tests.
        .target(name: "CLIPFuzz", dependencies: ["CLIPCore", "CLIPText", "CLIPImage", "CLIPModel", "CLIPExpressions", "CLIPLab", "CLIPKernel"]),
        // Fixture readers shared by the test targets.
        .target(name: "CLIPTestSupport", dependencies: ["CLIPCore", "CLIPText", "CLIPModel"], path: "Tests/Support"),

        .testTarget(name: "CLIPCoreTests", dependencies: ["CLIPCore", "CLIPKernelsAVX2", "CLIPKernelsAVX512"]),
        .testTarget(name: "CLIPTextTests", dependencies: ["CLIPText"]),
        .testTarget(name: "CLIPImageTests", dependencies: ["CLIPImage"]),
        .testTarget(name: "CLIPVizTests", dependencies: ["CLIPViz"]),
        .testTarget(name: "CLIPExpressionsTests", dependencies: ["CLIPExpressions"]),
        .testTarget(name: "CLIPModelTests", dependencies: ["CLIPModel", "CLIPTestSupport"]),
        .testTarget(name: "CLIPDataTests", dependencies: ["CLIPData"]),
        .testTarget(name: "CLIPTrainingTests", dependencies: ["CLIPTraining", "CLIPTestSupport"]),
        .testTarget(name: "CLIPLabTests", dependencies: ["CLIPLab"]),
        .testTarget(name: "CLIPFuzzTests", dependencies: ["CLIPFuzz"]),
        .testTarget(name: "CLIPKernelTests", dependencies: ["CLIPKernel", "CZMQ"]),
    ],
    swiftLanguageModes: [.v6]
)
