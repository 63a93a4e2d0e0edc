import Foundation
import Testing
@testable import CLIPLab

@Suite("tokenize, show and bench through the table", .serialized)
struct TokenizeCommandTests {
    @Test("tokenize --json follows the contract: text, ids with SOT and EOT, tokens, truncated")
    func json() throws {
        let lab = Support.interpreter()
        let result = lab.run(line: "tokenize --json \"a photo of a cat\" cat")
        #expect(!result.failed, "\(result.output)")
        let array = try #require(JSONValue.parse(result.output) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(array[0]["ids"] as? [Int] == [49406, 320, 1125, 539, 320, 2368, 49407])
        #expect(array[0]["tokens"] as? [String] == ["<|startoftext|>", "a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>", "<|endoftext|>"])
        #expect(array[0]["text"] as? String == "a photo of a cat")
        #expect(JSONPath.describe(array[1]["truncated"]!) == "false")
    }

    @Test("The human view puts each piece over its id")
    func human() {
        let lab = Support.interpreter()
        let output = lab.run(line: "tokenize 'a cat'").output
        #expect(output == """
        "a cat" → 4 tokens
        <|startoftext|> a</w> cat</w> <|endoftext|>
        49406           320   2368    49407

        """)
    }

    @Test("Truncation keeps EOT last and says so", arguments: [2, 3, 5])
    func truncation(length: Int) throws {
        let lab = Support.interpreter()
        let result = lab.run(line: "tokenize --json --context-length \(length) 'one two three four five six'")
        let first = try #require((JSONValue.parse(result.output) as? [[String: Any]])?.first)
        let ids = try #require(first["ids"] as? [Int])
        #expect(ids.count == length && ids.last == 49407 && ids.first == 49406)
        #expect(lab.run(line: "tokenize --context-length \(length) 'one two three four five six'").output.contains("cut to \(length)"))
    }

    @Test("Bad tokenize arguments are one-line usage errors", arguments: [
        "tokenize", "tokenize --context-length 1 x", "tokenize --context-length many x", "tokenize --stdin",
    ])
    func mistakes(line: String) {
        let lab = Support.interpreter()
        let result = lab.run(line: line)
        #expect(result.failed && result.status == 2)
    }

    @Test("Wide rows wrap at the width setting with pieces and ids still aligned")
    func wraps() {
        let lab = Support.interpreter()
        lab.run(line: "set width 30")
        let lines = lab.run(line: "tokenize 'a photo of a cat on a mat'").output.split(separator: "\n").dropFirst()
        #expect(lines.count >= 4 && lines.allSatisfy { $0.count <= 30 })
        for pair in stride(from: 0, to: lines.count - 1, by: 2) {
            let pieces = Array(lines)[pair], ids = Array(lines)[pair + 1]
            #expect(pieces.split(separator: " ").count == ids.split(separator: " ").count)
        }
    }

    @Test("tokenize --stdin --json prints one id array per input line, invalid UTF-8 included")
    func stdin() throws {
        var input = Data("a photo of a cat\n\n".utf8)
        input.append(contentsOf: [0xFF, 0xFE, 0x20, 0x61, 0x0A])
        input.append(Data(String(repeating: "cat ", count: 300_000).utf8))
        let run = try Support.cli(["tokenize", "--stdin", "--json"], stdin: String(decoding: input, as: UTF8.self))
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { JSONValue.parse(String($0)) as? [Int] }
        #expect(lines.count == 4)
        #expect(lines[0] == [49406, 320, 1125, 539, 320, 2368, 49407])
        #expect(lines[1] == [49406, 49407])
        #expect(lines[3]?.count == 77 && lines[3]?.last == 49407)
    }

    @Test("tokenize in a piped script, human and JSON")
    func script() throws {
        let run = try Support.cli([], stdin: "tokenize cat\ntokenize --json dog\n")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("\"cat\" → 3 tokens\n"))
        let last = String(run.stdout.split(separator: "\n").last!)
        #expect((JSONValue.parse(last) as? [[String: Any]])?.first?["ids"] as? [Int] == [49406, 1929, 49407])
    }

    @Test("show draws an image file and reports its size as JSON")
    func show() throws {
        let image = Support.root.appendingPathComponent("Tests/Fixtures/image/decode/grey1.png").path
        let lab = Support.interpreter()
        let drawn = lab.run(line: "show \(image) --width 20")
        #expect(!drawn.failed)
        let rows = drawn.output.split(separator: "\n")
        #expect(rows.count > 2 && rows.dropFirst().allSatisfy { $0.count == 20 })
        let json = JSONValue.parse(lab.run(line: "show --json \(image)").output) as? [String: Any]
        #expect(json?["width"] as? Int == 37 && json?["height"] as? Int == 29)
        #expect(lab.run(line: "show /no/such.png").error?.contains("/no/such.png") == true)
        #expect(lab.run(line: "show \(Support.root.path)/Package.swift").failed)
        let toy = lab.run(line: "show toy:red-circle --width 16")
        #expect(!toy.failed && toy.output.split(separator: "\n").count == 9)
        #expect(lab.run(line: "show toy:purple-blob").failed)
    }

    @Test("bench tokenize reports a rate as JSON")
    func benchTokenize() throws {
        let lab = Support.interpreter()
        let result = lab.run(line: "bench tokenize --json")
        let json = try #require(JSONValue.parse(result.output) as? [String: Any])
        #expect((json["bytes"] as? Int ?? 0) >= 1 << 20)
        #expect((json["tokens"] as? Int ?? 0) > 100_000)
    }
}

@Suite("tokenize --trace")
struct TokenizeTraceTests {
    @Test("the trace ends in the same tokens and ids as plain tokenize, word by word")
    func traceMatches() throws {
        let lab = Support.interpreter()
        let result = lab.run(line: "tokenize --trace --json \"Cats & dogs 😺\" unbelievably")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        for item in items {
            let ids = try #require(item["ids"] as? [Int])
            let words = try #require(item["trace"] as? [[String: Any]])
            let traced = words.flatMap { ($0["ids"] as? [Int]) ?? [] }
            #expect([49406] + traced + [49407] == ids)
            for word in words {
                let merges = (word["merges"] as? [[String: Any]]) ?? []
                if let last = merges.last { #expect((last["symbols"] as? [String]) == (word["tokens"] as? [String])) }
            }
        }
        let text = lab.run(line: "tokenize --trace cats").output
        #expect(text.contains("merge a+t") && text.contains("rank 15") && text.contains("ids 3989"))
    }
}
