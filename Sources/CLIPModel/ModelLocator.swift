import CLIPCore
import Foundation

/// Where a model's files are, once a name or path has been resolved.
public enum ModelLocation: Equatable, Sendable {
    /// A Hugging Face folder: `config.json` + `model.safetensors` (or a sharded index).
    case huggingFaceFolder(URL)
    /// An OpenAI/open_clip-named `.safetensors` file (maybe with `open_clip_config.json` beside it).
    case openAIFile(URL)

    /// The folder or file path.
    public var path: String {
        switch self {
        case let .huggingFaceFolder(url), let .openAIFile(url): url.path
        }
    }
}

/// Resolves what a user typed after `load` — a folder, a file, or a hub name such as
/// `openai/clip-vit-base-patch32` — to model files on this machine. Never uses the network.
///
/// Hub names are looked up in the local Hugging Face cache the way `huggingface_hub` lays
/// it out: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`,
/// else `~/.cache/huggingface/hub`, then `models--openai--clip-vit-base-patch32/snapshots/<rev>/`
/// (the revision `refs/main` names, else the newest snapshot).
public enum ModelLocator {
    public static let configName = "config.json"

    /// Resolves `reference`. - Throws: `ModelError` saying what is missing and where to get it.
    public static func locate(_ reference: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ModelLocation {
        let expanded = (reference as NSString).expandingTildeInPath
        var isDirectory: Bool?
        do {
            isDirectory = try FileAccess.isDirectory(expanded)
        } catch {
            guard case .notFound = error else { throw ModelError.file(error) }
            isDirectory = nil   // not a path: maybe a hub name
        }
        if let isDirectory {
            let url = URL(fileURLWithPath: expanded)
            return isDirectory ? try inspect(folder: url) : try inspect(file: url)
        }
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        let roots = cacheRoots(environment: environment)
        guard parts.count == 2, !parts.contains(where: \.isEmpty), !reference.hasPrefix("."), !reference.hasPrefix("~") else {
            throw ModelError.checkpoint(path: reference, message: "no such file or folder — give the path of a CLIP folder or .safetensors file, or a hub name like openai/clip-vit-base-patch32")
        }
        for root in roots {
            let repo = root.appendingPathComponent("models--\(parts[0])--\(parts[1])")
            if let snapshot = snapshot(in: repo) { return try inspect(folder: snapshot) }
        }
        throw ModelError.modelNotFound(reference: reference, searched: roots.map(\.path))
    }

    /// The Hugging Face cache folders to search, most specific first.
    public static func cacheRoots(environment: [String: String]) -> [URL] {
        var roots: [String] = []
        if let hub = environment["HF_HUB_CACHE"], !hub.isEmpty { roots.append(hub) }
        if let home = environment["HF_HOME"], !home.isEmpty { roots.append(home + "/hub") }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { roots.append(xdg + "/huggingface/hub") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        roots.append(home + "/.cache/huggingface/hub")
        var seen = Set<String>()
        return roots.map { ($0 as NSString).expandingTildeInPath }.filter { seen.insert($0).inserted }
            .map { URL(fileURLWithPath: $0) }
    }

    /// The snapshot folder of a cached repo: the one `refs/main` names, else the newest.
    static func snapshot(in repo: URL) -> URL? {
        let snapshots = repo.appendingPathComponent("snapshots")
        let fm = FileManager.default
        if let bytes = try? FileAccess.read(repo.appendingPathComponent("refs/main").path, maxBytes: 4096) {
            let ref = String(decoding: bytes, as: UTF8.self)
            let url = snapshots.appendingPathComponent(ref.trimmingCharacters(in: .whitespacesAndNewlines))
            if fm.fileExists(atPath: url.path) { return url }
        }
        guard let names = try? fm.contentsOfDirectory(atPath: snapshots.path), !names.isEmpty else { return nil }
        let dated = names.map { name -> (URL, Date) in
            let url = snapshots.appendingPathComponent(name)
            let date = (try? fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
            return (url, date)
        }
        return dated.max { $0.1 < $1.1 }?.0
    }

    /// Decides what kind of checkpoint a folder holds.
    static func inspect(folder: URL) throws -> ModelLocation {
        let fm = FileManager.default
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: folder.path)
        } catch {
            let code = (error as NSError).code
            throw ModelError.file(code == NSFileReadNoPermissionError ? .permissionDenied(path: folder.path)
                                  : .unreadable(path: folder.path, reason: "cannot list the folder"))
        }
        let has = { (name: String) in names.contains(name) }
        if has(configName), has("model.safetensors") || has("model.safetensors.index.json") {
            return .huggingFaceFolder(folder)
        }
        if has("open_clip_model.safetensors") { return .openAIFile(folder.appendingPathComponent("open_clip_model.safetensors")) }
        let tensors = names.filter { $0.hasSuffix(".safetensors") }.sorted()
        if tensors.count == 1, !has(configName) { return .openAIFile(folder.appendingPathComponent(tensors[0])) }
        if has("pytorch_model.bin") || names.contains(where: { $0.hasSuffix(".pt") || $0.hasSuffix(".bin") }) {
            throw ModelError.checkpoint(path: folder.path, message: "only PyTorch pickle weights here — convert them to safetensors (e.g. `safetensors.torch.save_file(state_dict, \"model.safetensors\")`)")
        }
        if has(configName) {
            throw ModelError.checkpoint(path: folder.path, message: "has config.json but no model.safetensors or model.safetensors.index.json — download the weights too")
        }
        if tensors.count > 1 {
            throw ModelError.checkpoint(path: folder.path, message: "several .safetensors files and no config.json — give the path of the one to load")
        }
        throw ModelError.checkpoint(path: folder.path, message: "no model files (config.json + model.safetensors, or an OpenAI-named .safetensors) — is this the right folder?")
    }

    /// Decides what kind of checkpoint a single file is.
    static func inspect(file: URL) throws -> ModelLocation {
        let folder = file.deletingLastPathComponent()
        let name = file.lastPathComponent
        let configBeside = FileManager.default.fileExists(atPath: folder.appendingPathComponent(configName).path)
        if name == "model.safetensors.index.json" || name == configName { return try inspect(folder: folder) }
        guard name.hasSuffix(".safetensors") else {
            throw ModelError.checkpoint(path: file.path, message: "not a .safetensors checkpoint — give a CLIP folder or a .safetensors file")
        }
        if name == "model.safetensors", configBeside { return .huggingFaceFolder(folder) }
        return .openAIFile(file)
    }
}
