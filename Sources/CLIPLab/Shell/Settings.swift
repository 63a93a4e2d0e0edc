import Foundation

/// User settings changed with `set KEY VALUE`.
public struct Settings: Sendable, Equatable {
    /// Colour and truecolor drawing (off for `NO_COLOR`, pipes and `set color off`).
    public var color: Bool
    /// Lesson and message language: `en` or `zh`.
    public var lang: String
    /// Columns drawings may use.
    public var width: Int
    /// Seed for everything random (toy data, initialisation).
    public var seed: Int
    /// Worker threads for BLAS and parallel loops (0 = automatic).
    public var threads: Int

    public static let languages = ["en", "zh"]

    public init(color: Bool = false, lang: String = "en", width: Int = 80, seed: Int = 0, threads: Int = 0) {
        self.color = color
        self.lang = lang
        self.width = width
        self.seed = seed
        self.threads = threads
    }

    /// Defaults from the environment: `NO_COLOR`, `LANG`/`LC_ALL`, `COLUMNS`, the terminal.
    public static func fromEnvironment(isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
        var settings = Settings()
        settings.color = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        let locale = environment["CLIPLAB_LANG"] ?? environment["LC_ALL"] ?? environment["LANG"] ?? ""
        settings.lang = locale.lowercased().hasPrefix("zh") ? "zh" : "en"
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns >= 20 {
            settings.width = min(columns, 400)
        } else if isTerminal, let columns = Terminal.columns() {
            settings.width = min(max(columns, 20), 400)
        }
        return settings
    }

    /// The keys `set` knows, with the values completion offers.
    public static let keys: [(name: String, values: [String], help: String)] = [
        ("color", ["on", "off"], "colour in drawings"),
        ("lang", languages, "lesson language"),
        ("width", [], "columns for drawings (20…400)"),
        ("seed", [], "random seed"),
        ("threads", [], "worker threads, 0 = automatic"),
    ]

    /// Changes one setting from text, validating it.
    public mutating func set(_ key: String, _ value: String) throws(LabError) {
        switch key {
        case "color", "colour":
            switch value.lowercased() {
            case "on", "true", "1", "yes": color = true
            case "off", "false", "0", "no": color = false
            default: throw LabError.invalidValue(name: "color", value: value, expected: "on or off")
            }
        case "lang", "language":
            guard Settings.languages.contains(value) else {
                throw LabError.invalidValue(name: "lang", value: value, expected: "en or zh")
            }
            lang = value
        case "width": width = try ParsedArgs.int(value, name: "width", in: 20...400)
        case "seed": seed = try ParsedArgs.int(value, name: "seed", in: 0...Int(Int32.max))
        case "threads": threads = try ParsedArgs.int(value, name: "threads", in: 0...256)
        default:
            let near = EditDistance.suggestions(for: key, among: Settings.keys.map(\.name), limit: 1)
            let hint = near.first.map { " (did you mean \($0)?)" } ?? ""
            throw LabError.usage("unknown setting '\(LabError.printable(key))'\(hint)", usage: "set color|lang|width|seed|threads VALUE")
        }
    }

    /// The settings as JSON: `{"color":false,"lang":"en","width":80,"seed":0,"threads":0}`.
    public var json: JSONValue {
        .object([("color", .bool(color)), ("lang", .string(lang)), ("width", .int(width)),
                 ("seed", .int(seed)), ("threads", .int(threads))])
    }

    /// `[(key, value)]` for display.
    public var entries: [(String, String)] {
        [("color", color ? "on" : "off"), ("lang", lang), ("width", String(width)),
         ("seed", String(seed)), ("threads", String(threads))]
    }
}
