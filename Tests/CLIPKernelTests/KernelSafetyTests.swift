import CLIPKernel
import CZMQ
import Foundation
import Testing

/// Refusals at start and hostile messages: the kernel drops or answers, never dies.
@Suite("Jupyter kernel safety", .serialized)
struct KernelSafetyTests {
    /// Runs `cliplab kernel` on a connection file and returns its status and stderr.
    func start(mode: Int, key: String, extra: [String] = []) throws -> (Int32, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-refuse-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try KernelClient.writeConnectionFile(in: folder, key: key, base: folder.appendingPathComponent("k").path, mode: mode)
        let process = Process()
        process.executableURL = KernelClient.binary
        process.arguments = ["kernel"] + extra + [file]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test("a connection file others can read is refused, saying how to make it private")
    func readableByOthers() throws {
        let (status, message) = try start(mode: 0o644, key: "k")
        #expect(status != 0)
        #expect(message.contains("can be read by other users"))
        #expect(message.contains("chmod 600"))
        #expect(message.split(separator: "\n").count == 1)
    }

    @Test("an empty key is refused unless --insecure")
    func emptyKey() throws {
        let (status, message) = try start(mode: 0o600, key: "")
        #expect(status != 0)
        #expect(message.contains("empty key"))
        #expect(message.contains("--insecure"))
    }

    @Test("a missing or malformed connection file is one clear error")
    func missingFile() throws {
        let process = Process()
        process.executableURL = KernelClient.binary
        process.arguments = ["kernel", "/nonexistent/connection.json"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("error: cannot read the connection file"))
    }

    @Test("with --insecure an empty key runs unsigned")
    func insecure() throws {
        let client = try KernelClient(key: "", insecure: true)
        defer { client.close() }
        let reply = try client.request("kernel_info_request")
        #expect(reply.type == "kernel_info_reply")
        #expect(client.log().contains("--insecure"))
    }

    @Test("messages with a wrong or missing signature are dropped and logged, never executed")
    func badSignatures() throws {
        let client = try KernelClient()
        defer { client.close() }
        var frames = client.frames("execute_request", content: ["code": "set width 33"])
        let good = frames
        let at = frames.firstIndex(of: KernelMessage.delimiter)! + 1
        frames[at] = Array(String(repeating: "0", count: 64).utf8)
        client.shell.send(frames)
        frames[at] = []
        client.shell.send(frames)
        // The same message signed with another key.
        let other = MessageSigner(key: "not the key")
        frames[at] = Array(other.signature(Array(good[(at + 1)...(at + 4)])).utf8)
        client.shell.send(frames)
        #expect(client.anyReply(on: client.shell, timeout: 500) == nil)
        let settings = try client.execute("set --json")
        let json = settings.output.first { $0.type == "execute_result" }?.content["data"] as? [String: Any]
        #expect(((json?["application/json"] as? [String: Any])?["width"] as? Int) == 80)
        #expect(settings.reply.content["execution_count"] as? Int == 1)
        let log = client.log()
        #expect(log.contains("wrong signature"))
        #expect(log.contains("missing signature"))
    }

    @Test("hostile frames: no delimiter, too few frames, bad JSON, wrong types, unknown types, huge frames")
    func hostile() throws {
        let client = try KernelClient()
        defer { client.close() }
        let signer = client.signer
        func send(_ json: [String]) {
            let frames = json.map { Array($0.utf8) }
            client.raw.send([KernelMessage.delimiter, Array(signer.signature(frames).utf8)] + frames)
        }
        client.raw.send([Array("garbage".utf8)])
        client.raw.send([KernelMessage.delimiter, Array("abc".utf8)])
        send(["not json", "{}", "{}", "{}"])
        send(["[1,2]", "{}", "{}", "{}"])
        // No reply for unreadable headers.
        #expect(client.anyReply(on: client.raw, timeout: 300) == nil)
        // A readable header with unreadable content gets an error reply.
        let header = "{\"msg_id\":\"m1\",\"msg_type\":\"execute_request\",\"session\":\"s\",\"username\":\"u\",\"version\":\"5.3\",\"date\":\"\"}"
        send([header, "{}", "{}", "{\"code\":"])
        let badJSON = client.anyReply(on: client.raw, timeout: 5000)
        #expect(badJSON?.type == "execute_reply")
        #expect(badJSON?.content["status"] as? String == "error")
        // Wrong types.
        for (type, content) in [("execute_request", ["code": 5]), ("complete_request", ["code": "x", "cursor_pos": "end"]),
                                ("inspect_request", ["code": [1]]), ("is_complete_request", [:])] as [(String, [String: Any])] {
            let reply = try client.request(type, content: content)
            #expect(reply.content["status"] as? String == "error", "\(type)")
        }
        // An unknown request gets an error reply; an unknown non-request is dropped.
        let unknown = try client.request("launch_rockets_request")
        #expect(unknown.type == "launch_rockets_reply")
        #expect(unknown.content["status"] as? String == "error")
        client.shell.send(client.frames("mystery", content: [:]))
        // A frame past the size limit is dropped by ZeroMQ before it is read.
        let huge = [UInt8](repeating: 0x7B, count: 17 << 20)
        client.raw.send([KernelMessage.delimiter, Array("0".utf8), huge, huge, huge, huge])
        // Still alive and answering.
        let (reply, output) = try client.execute("version")
        #expect(reply.content["status"] as? String == "ok")
        #expect(KernelClient.stdout(output).contains("0."))
        #expect(client.process.isRunning)
    }

    @Test("an interrupt on the control channel stops a running train; the next cell runs in the same session")
    func interruptByMessage() throws {
        let client = try KernelClient()
        defer { client.close() }
        _ = try client.execute("set width 61")
        let id = KernelMessage.newID()
        client.shell.send(client.frames("execute_request", content: ["code": "train --steps 200000"], id: id))
        Thread.sleep(forTimeInterval: 1.5)
        let interrupt = try client.request("interrupt_request", on: client.control, timeout: 5000)
        #expect(interrupt.content["status"] as? String == "ok")
        let reply = try client.reply(to: id, on: client.shell, timeout: 30_000)
        // train stops where it is and keeps what it learnt, as after Ctrl-C in the REPL.
        #expect(reply.content["status"] as? String == "ok")
        let printed = KernelClient.stdout(client.iopubMessages(for: id))
        #expect(printed.contains("interrupted"))
        #expect(!printed.contains("200000/200000"))
        let after = try client.execute("set --json")
        #expect(after.reply.content["status"] as? String == "ok")
        let json = after.output.first { $0.type == "execute_result" }?.content["data"] as? [String: Any]
        #expect(((json?["application/json"] as? [String: Any])?["width"] as? Int) == 61)
    }

    @Test("SIGINT (interrupt_mode signal) stops a running train and the kernel lives on")
    func interruptBySignal() throws {
        let client = try KernelClient()
        defer { client.close() }
        let id = KernelMessage.newID()
        client.shell.send(client.frames("execute_request", content: ["code": "train --steps 200000"], id: id))
        Thread.sleep(forTimeInterval: 1.5)
        kill(client.process.processIdentifier, SIGINT)
        _ = try client.reply(to: id, on: client.shell, timeout: 30_000)
        #expect(KernelClient.stdout(client.iopubMessages(for: id)).contains("interrupted"))
        #expect(client.process.isRunning)
        #expect(try client.execute("version").reply.content["status"] as? String == "ok")
    }
}
