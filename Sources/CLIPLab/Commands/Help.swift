extension Command {
    static let help = Command(
        name: "help", aliases: ["?"], group: .session,
        summary: "List the commands, or explain one",
        help: """
        Without arguments, lists every command by group. With a command name (and
        optionally a subcommand), prints its usage, options and an example.
        'help expressions' explains expression cells (math over the model's values).

        Example: help tokenize
                 help lesson run
        """,
        positionals: [Positional("COMMAND", .variadic, completion: .commands)],
        recordsCell: false
    ) { context, args in
        let width = context.settings.width
        if args.positionals == ["expressions"] { return Output(HelpFormatter.fit(ExpressionHelp.text, width: width)) }
        if args.positionals.isEmpty { return Output(HelpFormatter.fit(HelpFormatter.overview(context.table, shell: context.standardInputIsFree), width: width)) }
        return Output(HelpFormatter.fit(try HelpFormatter.detail(for: args.positionals, table: context.table), width: width))
    }

    static let quit = Command(
        name: "quit", aliases: ["exit"], group: .session,
        summary: "Leave CLIPLab (Ctrl-D works too)",
        help: "Ends the session with status 0. History is kept in ~/.cliplab_history. A toy model trained here and not saved is kept in ~/.cliplab/last-toy ('load toy --last' brings it back) and it says so.\n\nExample: quit",
        recordsCell: false
    ) { context, _ in
        context.quitRequested = true
        return LastToy.keep(&context).map(Output.init) ?? .empty
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
