import Foundation

/// What a loader does with each key of a checkpoint's JSON config: reads it (the model is
/// computed with its value), refuses values it cannot compute (checked when loading), or
/// leaves it unread — because it cannot change the embeddings (with the reason), or because
/// it is unknown here. `load --verbose` prints the keys that are not read, once each.
///
/// Keys are named by their path: `vision_cfg.patch_dropout`, `text_config.hidden_act`.
///
/// Example: a table with `sections: ["text_config"]`, `read: ["text_config.hidden_size"]`
/// and `inert: ["text_config.attention_dropout": "training only"]` lists
/// `{"text_config": {"hidden_size": 8, "attention_dropout": 0.1, "rope": 1}}` as
/// `["text_config.attention_dropout = 0.1 (training only)", "text_config.rope = 1 (unknown here: not read)"]`.
public struct ConfigKeyTable: Sendable {
    /// Top-level objects whose keys are listed one by one, under the section's name.
    public let sections: [String]
    /// Keys whose values the model is built from.
    public let read: Set<String>
    /// Keys whose values are refused unless they are ones the model computes; known, so not listed.
    public let refusedWhenSet: Set<String>
    /// Keys that cannot change the embeddings at inference, with why.
    public let inert: [String: String]
    /// Key names (the last path component) that are inert in any section, with why — the
    /// bookkeeping every config of a library carries.
    public let inertAnywhere: [String: String]
    /// Top-level keys that are not model settings (e.g. open_clip's `preprocess_cfg`).
    public let skipped: Set<String>

    public static let unknown = "unknown here: not read"

    public init(sections: [String], read: Set<String>, refusedWhenSet: Set<String> = [], inert: [String: String],
                inertAnywhere: [String: String] = [:], skipped: Set<String> = []) {
        self.sections = sections
        self.read = read
        self.refusedWhenSet = refusedWhenSet
        self.inert = inert
        self.inertAnywhere = inertAnywhere
        self.skipped = skipped
    }

    /// The keys of `config` that are not read, as `key = value (why)`, in key order.
    public func notRead(_ config: [String: Any]) -> [String] {
        var out: [String] = []
        func visit(_ object: [String: Any], prefix: String) {
            for key in object.keys.sorted() {
                let name = prefix + key
                if prefix.isEmpty, sections.contains(key), let nested = object[key] as? [String: Any] {
                    visit(nested, prefix: key + ".")
                    continue
                }
                if prefix.isEmpty && skipped.contains(key) { continue }
                if read.contains(name) || refusedWhenSet.contains(name) { continue }
                let why = inert[name] ?? inertAnywhere[key] ?? Self.unknown
                out.append("\(name) = \(Self.describe(object[key])) (\(why))")
            }
        }
        visit(config, prefix: "")
        return out
    }

    /// A JSON value as compact JSON text: `0.5`, `"gelu"`, `[224,224]`, `null`.
    public static func describe(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return String(describing: value)
    }
}
