import CLIPCore

/// Seeded keyboard noise for the REPL: printable text, control keys, escape sequences,
/// tabs, valid and invalid UTF-8.
///
/// Left out on purpose: Ctrl-D (on an empty line it leaves, as documented), Ctrl-\
/// (SIGQUIT, the terminal's "kill it" key), and — while editing — Enter, Ctrl-J and Ctrl-O,
/// which run the line.
enum RandomKeys {
    static let escapeSequences: [[UInt8]] = [
        "\u{1B}[A", "\u{1B}[B", "\u{1B}[C", "\u{1B}[D", "\u{1B}[H", "\u{1B}[F", "\u{1B}[3~", "\u{1B}[2~",
        "\u{1B}[5~", "\u{1B}[6~", "\u{1B}OP", "\u{1B}OQ", "\u{1B}[15~", "\u{1B}[24~", "\u{1B}[1;5C", "\u{1B}[1;3D",
        "\u{1B}[<0;12;7M", "\u{1B}[M !!", "\u{1B}]0;title\u{07}", "\u{1B}P1$r\u{1B}\\", "\u{1B}[200~pasted\u{1B}[201~",
        "\u{1B}b", "\u{1B}f", "\u{1B}d", "\u{1B}.", "\u{1B}u", "\u{1B}t", "\u{1B}?", "\u{1B}*", "\u{1B}[", "\u{1B}",
        "\u{1B}[999;999H", "\u{1B}[6n", "\u{1B}c", "\u{1B}\u{1B}", "\u{1B}[?1049h",
    ].map { Array($0.utf8) }

    static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0x81], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xC3], [0xE7, 0x8C], [0xF0, 0x9F, 0x98],
    ]

    static let unicode: [[UInt8]] = ["é", "猫", "👩‍👩‍👧", "e\u{0301}", "\u{200B}", "\u{202E}", "\u{FEFF}", "ｗｉｄｅ", "\u{0000}"]
        .map { Array($0.utf8) }

    /// Control keys that edit but never run the line.
    static let editingControls: [UInt8] = Array(1...31).filter { ![4, 10, 13, 15, 28].contains($0) } + [127]

    /// Control keys safe inside a line that is then run: moves, kills, yanks, Tab.
    static let lineControls: [UInt8] = [1, 2, 5, 6, 8, 9, 11, 20, 21, 23, 25, 127]

    /// Up to 24 bytes of editing noise (never runs the line).
    static func editing(_ rng: inout RNG) -> [UInt8] {
        var out: [UInt8] = []
        while out.count < 24 {
            switch rng.int(below: 10) {
            case 0...3: out += printable(&rng, count: 1 + rng.int(below: 6))
            case 4, 5: out.append(editingControls[rng.int(below: editingControls.count)])
            case 6: out += escapeSequences[rng.int(below: escapeSequences.count)]
            case 7: out += invalidUTF8[rng.int(below: invalidUTF8.count)]
            case 8: out += unicode[rng.int(below: unicode.count)]
            default: out.append(9)
            }
        }
        return out
    }

    /// Commands that may take garbage arguments without changing the model or the batch.
    static let harmless = ["", "", "", "tokenize ", "tokenize --trace ", "encode text ", "help ", "model ", "matrix ",
                           "show ", "classify ", "load ", "set ", "tok \"", "?"]

    /// One garbage line to run: sometimes a real command name, then noise without Enter.
    static func line(_ rng: inout RNG) -> [UInt8] {
        var out = Array(harmless[rng.int(below: harmless.count)].utf8)
        for _ in 0..<(1 + rng.int(below: 12)) {
            switch rng.int(below: 8) {
            case 0...3: out += printable(&rng, count: 1 + rng.int(below: 8))
            case 4: out.append(lineControls[rng.int(below: lineControls.count)])
            case 5: out += invalidUTF8[rng.int(below: invalidUTF8.count)]
            case 6: out += unicode[rng.int(below: unicode.count)].filter { $0 != 0 }
            default: out += Array(["\"", "'", "\\", " -- ", " --json", " --", "\t"][rng.int(below: 7)].utf8)
            }
        }
        return out
    }

    static func printable(_ rng: inout RNG, count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(32 + rng.int(below: 95)) }
    }
}
