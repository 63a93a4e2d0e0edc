/// The one table of REPL commands.
///
/// It drives the REPL, one-shot use (`cliplab NAME ARGS…`), `help`, tab completion and
/// the lesson engine, so a command exists once.
///
/// To add a command, create `Commands/Name.swift` with
/// ```swift
/// extension Command {
///     static let name = Command(name: "name", group: .model, summary: "…", help: "…\n\nExample: name …",
///                               positionals: […], options: [.top, .model], json: true) { context, args in
///         let k = try args.int(.top, default: 5)   // options are read by their declaration
///         …
///     }
/// }
/// extension Option {
///     static let top: Option = .value("top", "K", help: "show the K best (default 5)")
/// }
/// ```
/// (shared options such as `.model`, `.data` and `.noCache` live in `Shell/Option+Shared.swift`)
/// and list `.name` below: the list fixes the order `help` shows. The handler gets the session as `inout` (kept only if it
/// returns normally), polls `context.isCancelled()` in long loops, returns an `Output`
/// (text, or `.json(…)` when `args.json`) and throws `LabError` (or its module's error)
/// with a one-line message. `recordsCell: false` keeps it out of saved notebooks.
public struct CommandTable: Sendable {
    public let commands: [Command]

    public init(_ commands: [Command]) { self.commands = commands }

    /// Every command of CLIPLab, in the order `help` lists them within a group.
    public static let standard = CommandTable([
        // Session
        .help, .quit, .version, .set, .history, .save, .clear,
        // Text and images
        .tokenize, .show, .preprocess,
        // Model
        .load, .model, .encode, .batch, .matrix, .loss, .temperature, .step, .space, .classify, .embed, .search, .explain, .eval, .prompts,
        // Expression cells
        .vars, .print,
        // Training
        .train,
        // Lessons
        .lessons, .lesson, .next, .back, .hint, .check, .solution, .expect, .grade, .answer,
        // Tools
        .bench, .export, .source,
    ])

    /// Commands that only make sense inside the REPL, where a session and a lesson live:
    /// `cliplab --help` in a shell names them apart.
    public static let replOnly: Set<String> = ["quit", "history", "next", "back", "hint", "check", "solution"]

    /// The command called `name` (or with that alias).
    public func lookup(_ name: String) -> Command? {
        commands.first { $0.name == name } ?? commands.first { $0.aliases.contains(name) }
    }

    /// Names and aliases, for completion and suggestions.
    public var allNames: [String] { commands.flatMap { [$0.name] + $0.aliases } }
}
