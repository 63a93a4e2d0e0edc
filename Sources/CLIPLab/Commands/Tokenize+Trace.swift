import CLIPText
import CLIPViz
import Foundation

/// The merge trace behind `tokenize --trace`: cleaning, the split into words, and for
/// each word its byte-level symbols and every BPE merge in rank order.
///
/// ```
/// cleaned: "cats"   words: cats
/// ── cats ── bytes 63 61 74 73
///   start          c a t s</w>
///   merge a+t      rank 15    c at s</w>
///   merge at+s</w> rank 520   c ats</w>
///   merge c+ats</w> rank 3477  cats</w>
///   tokens cats</w> → ids 3989
/// ```
enum TokenizeTraceView {
    /// At most this many merge rows per word; the rest are summarised.
    static let rowsPerWord = 24

    static func render(_ text: String, tokenizer: CLIPTokenizer, width: Int) -> String {
        let traces = tokenizer.trace(text)
        var lines = ["cleaned: \"\(LabError.printable(tokenizer.cleaned(text), limit: 60))\"   words: "
                     + traces.map { LabError.printable($0.word, limit: 20) }.joined(separator: " · ")]
        for t in traces {
            let hex = t.bytes.prefix(16).map { String(format: "%02x", $0) }.joined(separator: " ") + (t.bytes.count > 16 ? " …" : "")
            lines.append("── \(LabError.printable(t.word, limit: 30)) ── bytes \(hex)")
            if t.isSpecial {
                lines.append("  special token → id \(t.ids.map(String.init).joined(separator: " "))")
                continue
            }
            lines.append("  start" + String(repeating: " ", count: 20) + symbols(t.symbols, width: width - 26))
            let shown = t.merges.count > rowsPerWord ? Array(t.merges.prefix(rowsPerWord - 1)) : t.merges
            for m in shown {
                let pair = DisplayWidth.fit("merge \(m.left)+\(m.right)", to: 20)
                let rank = DisplayWidth.fit("rank \(m.rank)", to: 11)
                lines.append("  \(pair) \(rank) " + symbols(m.symbols, width: width - 36))
            }
            if t.merges.count > shown.count {
                lines.append("  … \(t.merges.count - shown.count) more merges")
            }
            if t.mergesOmitted { lines.append("  (word too long to record each merge; tokens are exact)") }
            lines.append("  tokens " + t.tokens.map { LabError.printable($0, limit: 30) }.joined(separator: " ")
                         + " → ids " + t.ids.map(String.init).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// Symbols joined by spaces, elided to `width` columns.
    static func symbols(_ s: [String], width: Int) -> String {
        DisplayWidth.elide(s.map { LabError.printable($0, limit: 30) }.joined(separator: " "), to: max(width, 10))
    }

    static func json(_ text: String, tokenizer: CLIPTokenizer) -> JSONValue {
        .array(tokenizer.trace(text).map { t in
            .object([("word", .string(t.word)), ("symbols", .array(t.symbols.map { .string($0) })),
                     ("merges", .array(t.merges.map { m in
                         .object([("left", .string(m.left)), ("right", .string(m.right)), ("merged", .string(m.merged)),
                                  ("rank", .int(m.rank)), ("symbols", .array(m.symbols.map { .string($0) }))])
                     })),
                     ("tokens", .array(t.tokens.map { .string($0) })), ("ids", .array(t.ids.map { .int($0) }))])
        })
    }
}
