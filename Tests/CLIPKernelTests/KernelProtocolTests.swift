import CLIPKernel
import CZMQ
import Foundation
import Testing

/// The kernel driven over ZeroMQ as a Jupyter front end drives it.
@Suite("Jupyter kernel protocol", .serialized)
struct KernelProtocolTests {
    @Test("kernel_info answers with protocol 5.3 and the CLIPLab language, on shell and control")
    func kernelInfo() throws {
        let client = try KernelClient()
        defer { client.close() }
        for socket in [client.shell, client.control] {
            let reply = try client.request("kernel_info_request", on: socket)
            #expect(reply.type == "kernel_info_reply")
            #expect(reply.content["protocol_version"] as? String == "5.3")
            let language = reply.content["language_info"] as? [String: Any]
            #expect(language?["name"] as? String == "cliplab")
        }
    }

    @Test("execute publishes busy, the input, the command's output as stdout, then idle, and counts cells")
    func execute() throws {
        let client = try KernelClient()
        defer { client.close() }
        let (reply, output) = try client.execute("tokenize \"a photo of a cat\"")
        #expect(reply.content["status"] as? String == "ok")
        #expect(reply.content["execution_count"] as? Int == 1)
        #expect(output.first?.type == "status" && output.first?.content["execution_state"] as? String == "busy")
        #expect(output.last?.content["execution_state"] as? String == "idle")
        #expect(output.contains { $0.type == "execute_input" && $0.content["execution_count"] as? Int == 1 })
        let text = KernelClient.stdout(output)
        #expect(text.contains("49406"))
        #expect(!text.contains("\u{1B}["))
        let second = try client.execute("version")
        #expect(second.reply.content["execution_count"] as? Int == 2)
    }

    @Test("a failing line publishes one error with its one-line message and the reply says error")
    func error() throws {
        let client = try KernelClient()
        defer { client.close() }
        let (reply, output) = try client.execute("tokenze hello")
        #expect(reply.content["status"] as? String == "error")
        let errors = output.filter { $0.type == "error" }
        #expect(errors.count == 1)
        #expect((errors.first?.content["evalue"] as? String)?.contains("unknown command 'tokenze'") == true)
        #expect(output.filter { $0.type == "stream" }.isEmpty)
        // The session goes on.
        #expect(try client.execute("version").reply.content["status"] as? String == "ok")
    }

    @Test("the session lives across cells: a batch set in one cell is listed in the next")
    func session() throws {
        let client = try KernelClient()
        defer { client.close() }
        _ = try client.execute("batch toy 3")
        let (_, output) = try client.execute("batch show --json")
        let json = output.first { $0.type == "execute_result" }?.content["data"] as? [String: Any]
        #expect((json?["application/json"] as? [Any])?.count == 3)
        #expect((json?["text/plain"] as? String)?.hasPrefix("[{\"image\":") == true)
    }

    @Test("pictures inline: matrix as a PNG display, clear as clear_output, train refreshing one display in place")
    func richOutput() throws {
        let client = try KernelClient()
        defer { client.close() }
        let (_, matrix) = try client.execute("batch toy 3 --json\nmatrix")
        let display = matrix.first { $0.type == "display_data" }?.content["data"] as? [String: Any]
        let png = (display?["image/png"] as? String).flatMap { Data(base64Encoded: $0) }
        #expect(png?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(KernelClient.stdout(matrix).contains("cosine similarity"))
        let (_, cleared) = try client.execute("clear")
        #expect(cleared.contains { $0.type == "clear_output" })
        // A second of training in a release build; minutes under ThreadSanitizer on a busy machine.
        let (_, trained) = try client.execute("train --steps 40", timeout: 600_000)
        let first = trained.filter { $0.type == "display_data" }
        let updates = trained.filter { $0.type == "update_display_data" }
        #expect(first.count == 1)
        #expect(updates.count >= 5)
        let id = (first.first?.content["transient"] as? [String: Any])?["display_id"] as? String
        #expect(id != nil)
        #expect(updates.allSatisfy { (($0.content["transient"] as? [String: Any])?["display_id"] as? String) == id })
        #expect(KernelClient.stdout(trained).split(separator: "\n").count < 30)
    }

    @Test("set lang zh answers in Chinese in the kernel too")
    func chinese() throws {
        let client = try KernelClient()
        defer { client.close() }
        _ = try client.execute("set lang zh")
        let (_, output) = try client.execute("check")
        let message = output.first { $0.type == "error" }?.content["evalue"] as? String
        #expect(message?.unicodeScalars.contains { $0.value > 0x4E00 } == true)
    }

    @Test("complete offers what the REPL's Tab offers, replacing the word before the cursor")
    func complete() throws {
        let client = try KernelClient()
        defer { client.close() }
        let code = "tok"
        let reply = try client.request("complete_request", content: ["code": code, "cursor_pos": 3])
        #expect(reply.content["matches"] as? [String] == ["tokenize"])
        #expect(reply.content["cursor_start"] as? Int == 0)
        #expect(reply.content["cursor_end"] as? Int == 3)
        let option = try client.request("complete_request", content: ["code": "version\ntokenize --con", "cursor_pos": 22])
        #expect(option.content["matches"] as? [String] == ["--context-length"])
        #expect(option.content["cursor_start"] as? Int == 17)
        let setting = try client.request("complete_request", content: ["code": "set lang ", "cursor_pos": 9])
        #expect(setting.content["matches"] as? [String] == ["en", "zh"])
    }

    @Test("inspect shows the help of the command on the cursor's line")
    func inspect() throws {
        let client = try KernelClient()
        defer { client.close() }
        let reply = try client.request("inspect_request", content: ["code": "tokenize --trace hi", "cursor_pos": 3, "detail_level": 0])
        #expect(reply.content["found"] as? Bool == true)
        let text = (reply.content["data"] as? [String: Any])?["text/plain"] as? String
        #expect(text?.hasPrefix("usage: tokenize") == true)
        let none = try client.request("inspect_request", content: ["code": "   ", "cursor_pos": 1, "detail_level": 0])
        #expect(none.content["found"] as? Bool == false)
    }

    @Test("is_complete: a line is complete, an open quote or a trailing backslash is not")
    func isComplete() throws {
        let client = try KernelClient()
        defer { client.close() }
        let cases: [(String, String)] = [("tokenize hi", "complete"), ("tokenize \"a photo", "incomplete"),
                                         ("batch toy \\", "incomplete"), ("", "complete")]
        for (code, status) in cases {
            let reply = try client.request("is_complete_request", content: ["code": code])
            #expect(reply.content["status"] as? String == status, "\(code)")
        }
    }

    @Test("history lists the cells run, with their output when asked; comm_info is empty")
    func history() throws {
        let client = try KernelClient()
        defer { client.close() }
        _ = try client.execute("version")
        _ = try client.execute("set width 60")
        let tail = try client.request("history_request", content: ["output": false, "raw": true, "hist_access_type": "tail", "n": 10])
        let rows = tail.content["history"] as? [[Any]]
        #expect(rows?.count == 2)
        #expect(rows?.last?[2] as? String == "set width 60")
        let withOutput = try client.request("history_request", content: ["output": true, "raw": true, "hist_access_type": "tail", "n": 1])
        let pair = (withOutput.content["history"] as? [[Any]])?.first?[2] as? [String]
        #expect(pair?.first == "set width 60")
        let comms = try client.request("comm_info_request")
        #expect((comms.content["comms"] as? [String: Any])?.isEmpty == true)
    }

    @Test("the heartbeat echoes what it gets")
    func heartbeat() throws {
        let client = try KernelClient()
        defer { client.close() }
        client.heartbeat.send([Array("ping".utf8)])
        #expect(client.heartbeat.wait(timeout: 5000))
        #expect(client.heartbeat.receive() == [Array("ping".utf8)])
    }

    @Test("shutdown replies with the restart flag and the kernel exits")
    func shutdown() throws {
        let client = try KernelClient()
        let reply = try client.request("shutdown_request", content: ["restart": true], on: client.control)
        #expect(reply.content["restart"] as? Bool == true)
        for _ in 0..<100 where client.process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!client.process.isRunning)
        client.close()
    }
}
