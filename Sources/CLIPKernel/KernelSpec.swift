import CLIPImage
import CLIPLab
import Foundation

/// The kernelspec Jupyter reads to start CLIPLab: `kernels/cliplab/kernel.json` and logos.
public enum KernelSpec {
    public enum Location: Sendable, Equatable {
        case system, user, sysPrefix
        case prefix(String)
    }

    /// The `kernels/cliplab` folder for `location`.
    public static func folder(_ location: Location, environment: [String: String] = ProcessInfo.processInfo.environment) throws(LabError) -> String {
        switch location {
        case .system: return "/usr/local/share/jupyter/kernels/cliplab"
        case .prefix(let dir): return dir + "/share/jupyter/kernels/cliplab"
        case .sysPrefix:
            guard let venv = environment["VIRTUAL_ENV"], !venv.isEmpty else {
                throw LabError.missing("--sys-prefix needs an active virtualenv (VIRTUAL_ENV is not set); use --prefix DIR or --user")
            }
            return venv + "/share/jupyter/kernels/cliplab"
        case .user:
            if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty { return data + "/kernels/cliplab" }
            let home = environment["HOME"] ?? NSHomeDirectory()
            return home + "/.local/share/jupyter/kernels/cliplab"
        }
    }

    /// The `kernel.json` object for an executable at `executable`.
    public static func json(executable: String, lessons: String?) -> [String: Any] {
        var spec: [String: Any] = [
            "argv": [executable, "kernel", "{connection_file}"],
            "display_name": "CLIPLab",
            "language": "cliplab",
            "interrupt_mode": "message",
            "metadata": ["debugger": false],
        ]
        if let lessons { spec["env"] = ["CLIPLAB_LESSONS": lessons] }
        return spec
    }

    /// Writes the kernelspec; returns its folder.
    public static func install(_ location: Location) throws(LabError) -> String {
        let dir = try folder(location)
        let executable = (Bundle.main.executableURL?.resolvingSymlinksInPath().path) ?? CommandLine.arguments[0]
        let lessons = (try? LessonCatalog.locate())?.root
        let spec = json(executable: executable, lessons: lessons.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try data.write(to: URL(fileURLWithPath: dir + "/kernel.json"))
            for size in [32, 64] {
                try Data(logo(size: size)).write(to: URL(fileURLWithPath: dir + "/logo-\(size)x\(size).png"))
            }
        } catch {
            throw LabError.file(path: dir, reason: "cannot write the kernelspec (\(error.localizedDescription)); try --user")
        }
        return dir
    }

    /// A small matching matrix as the logo: a bright diagonal on a dark grid.
    static func logo(size: Int) -> [UInt8] {
        let cells = 4
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                let row = y * cells / size, column = x * cells / size
                let edge = (x * cells) % size < max(1, size / 32) || (y * cells) % size < max(1, size / 32)
                let rgb: (UInt8, UInt8, UInt8) = edge ? (20, 24, 36) : row == column ? (250, 200, 60) : (40, 70, 130)
                let i = (y * size + x) * 3
                pixels[i] = rgb.0; pixels[i + 1] = rgb.1; pixels[i + 2] = rgb.2
            }
        }
        return (try? ImageIO.pngData(RGBImage(width: size, height: size, pixels: pixels))) ?? []
    }
}
