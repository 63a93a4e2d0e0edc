/// What a handler works with: the session it may change, the console, the command table.
public struct Context {
    public var session: Session
    public let console: Console
    public let table: CommandTable
    /// Set by `quit`; the REPL exits after the command.
    public var quitRequested = false
    /// Where lessons are looked up (nil: found at runtime, see `LessonCatalog.locate`).
    public var lessonRoot: String?
    /// Whether commands may read standard input (one-shot use; the REPL and scripts own it).
    public var standardInputIsFree = false
    /// Where progress is kept (nil: `~/.cliplab/progress.json`).
    public var progressPath: String?
    /// Where finished piped toy runs are kept for reuse (`TrainCache`); nil: `$CLIPLAB_TRAIN_CACHE`, if set.
    public var trainCacheFolder: String?
    /// The program whose runs `TrainCache` keeps, by path (nil: this process). Tests that drive
    /// the library in-process name the `cliplab` linked from the same build, so the lessons it
    /// checks reuse their runs.
    public var trainCacheProgram: String?
    /// Where `set lang|width|color` is remembered (nil: not remembered, as in notebooks and tests).
    public var settingsPath: String?

    public init(session: Session, console: Console, table: CommandTable = .standard) {
        self.session = session
        self.console = console
        self.table = table
    }

    /// Polled by long commands and passed into library calls.
    public var isCancelled: @Sendable () -> Bool { console.cancellation.isCancelled }

    /// The current settings (colour, width, language…).
    public var settings: Settings { session.settings }
}
