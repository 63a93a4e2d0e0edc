extension Command {
    static let set = Command(
        name: "set", group: .session,
        summary: "Show or change a setting (color, lang, width, seed, threads)",
        help: """
        Without arguments, shows every setting. With KEY VALUE, changes one:
          color on|off   colour in drawings (off for NO_COLOR and pipes by default)
          lang en|zh     the language of lessons
          width N        columns drawings and lesson text may use (20…400)
          seed N         random seed for toy data and initialisation
          threads N      worker threads, 0 = automatic

        lang, width and color are remembered for the next start (in ~/.cliplab/settings.json).

        Example: set lang zh
                 set width 100
        """,
        positionals: [Positional("KEY", .optional, completion: .settings),
                      Positional("VALUE", .optional, completion: .settings)],
        json: true
    ) { context, args in
        if let key = args.positional(0) {
            guard let value = args.positional(1) else {
                throw LabError.usage("missing VALUE for \(LabError.printable(key))", usage: args.usage)
            }
            try context.session.settings.set(key, value)
            if let path = context.settingsPath { SettingsFile.save(context.session.settings, changed: key.lowercased(), to: path) }
        }
        let entries = context.session.settings.entries
        if args.json { return .json(context.session.settings.json) }
        if let key = args.positional(0) {
            let shown = entries.first { $0.0 == key.lowercased() }?.1 ?? args.positional(1) ?? ""
            if key.lowercased() == "lang" {
                return Output(shown == "zh" ? "语言：中文 —— 课程和课程提示现在用中文（lessons 列出课程）"
                                            : "lang = en — lessons and their messages are now in English ('lessons' lists them)")
            }
            return Output("\(key.lowercased()) = \(shown)")
        }
        return Output(entries.map { "\($0.0.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n"))
    }
}
