extension Command {
    static let help = Command(
        name: "help", aliases: ["?"], group: .session,
        summary: "List the commands, or explain one",
        help: """
        Without arguments, lists every command by group. With a command name (and
        optionally a subcommand), prints its usage, options and an example.

        Example: help tokenize
                 help lesson run
        """,
        positionals: [Positional("COMMAND", .variadic, completion: .commands)],
        recordsCell: false
    ) { context, args in
        if args.positionals.isEmpty { return Output(HelpFormatter.overview(context.table, shell: context.standardInputIsFree)) }
        return Output(try HelpFormatter.detail(for: args.positionals, table: context.table))
    }

    static let quit = Command(
        name: "quit", aliases: ["exit"], group: .session,
        summary: "Leave CLIPLab (Ctrl-D works too)",
        help: "Ends the session with status 0. History is kept in ~/.cliplab_history. With a trained toy model not yet saved, the first quit says how to keep it and a second quit leaves.\n\nExample: quit",
        recordsCell: false
    ) { context, _ in
        if let warning = UnsavedModel.warning(context) {
            if context.console.isInteractive && !context.session.storage[UnsavedModel.Warned.self] {
                context.session.storage[UnsavedModel.Warned.self] = true
                return Output(warning + LessonText.say(" — or 'quit' again to leave without it", " —— 或再输入 quit 直接退出", context))
            }
            context.quitRequested = true
            return Output(warning)
        }
        context.quitRequested = true
        return .empty
    }

    static let version = Command(
        name: "version", group: .session,
        summary: "Print the CLIPLab version",
        help: "Prints the version of this build.\n\nExample: version --json",
        json: true
    ) { _, args in
        args.json ? .json(.object([("version", .string(CLIPLabMain.version))])) : Output("cliplab \(CLIPLabMain.version)")
    }
}
