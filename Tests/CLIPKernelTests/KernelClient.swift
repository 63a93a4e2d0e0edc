import CLIPKernel
import CZMQ
import Foundation

/// A Jupyter client for the tests: starts `cliplab kernel` on a private connection file
/// (ipc sockets in a scratch folder) and talks to it over ZeroMQ.
final class KernelClient {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary: URL = {
        let sibling = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("cliplab")
        if let sibling, FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        return root.appendingPathComponent(".build/release/cliplab")
    }()

    let folder: URL
    let key: String
    let signer: MessageSigner
    let process = Process()
    let errors = Pipe()
    let shell: ZMQSocket
    let control: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    let raw: ZMQSocket
    let session = KernelMessage.newID()
    let info: ConnectionInfo

    /// Writes a connection file (mode 600) and starts the kernel on it.
    init(key: String = KernelMessage.newID(), insecure: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-kernel-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.key = key
        signer = MessageSigner(key: key)
        let base = folder.appendingPathComponent("k").path
        info = ConnectionInfo(transport: "ipc", ip: base, shellPort: 1, iopubPort: 2, stdinPort: 3, controlPort: 4,
                              heartbeatPort: 5, key: key, signatureScheme: "hmac-sha256")
        let file = try KernelClient.writeConnectionFile(in: folder, key: key, base: base)
        process.executableURL = KernelClient.binary
        process.arguments = ["kernel"] + (insecure ? ["--insecure"] : []) + [file]
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = folder.path
        env["CLIPLAB_LESSONS"] = KernelClient.root.appendingPathComponent("Tests/Fixtures/lab").path
        env["CLIPLAB_LANG"] = "en"
        process.environment = env
        process.currentDirectoryURL = KernelClient.root
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        shell = try ZMQSocket(type: ZMQ_DEALER)
        control = try ZMQSocket(type: ZMQ_DEALER)
        iopub = try ZMQSocket(type: ZMQ_SUB)
        heartbeat = try ZMQSocket(type: ZMQ_REQ)
        raw = try ZMQSocket(type: ZMQ_DEALER)
        iopub.setOption(ZMQ_SUBSCRIBE, [])
        try shell.connect(info.address(1))
        try raw.connect(info.address(1))
        try iopub.connect(info.address(2))
        try control.connect(info.address(4))
        try heartbeat.connect(info.address(5))
        // Wait until the kernel answers, so iopub is subscribed before the tests publish.
        for _ in 0..<100 {
            if let reply = try? request("kernel_info_request", timeout: 100), reply.type == "kernel_info_reply" { break }
        }
        drainIOPub()
    }

    static func writeConnectionFile(in folder: URL, key: String, base: String, mode: Int = 0o600) throws -> String {
        let path = folder.appendingPathComponent("connection.json").path
        let object: [String: Any] = ["transport": "ipc", "ip": base, "shell_port": 1, "iopub_port": 2, "stdin_port": 3,
                                     "control_port": 4, "hb_port": 5, "key": key, "signature_scheme": "hmac-sha256"]
        FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: object),
                                       attributes: [.posixPermissions: mode])
        return path
    }

    /// Stops the kernel (shutdown request, then SIGKILL if it lingers) and returns its log.
    @discardableResult
    func close() -> String {
        if process.isRunning {
            _ = try? request("shutdown_request", content: ["restart": false], on: control, timeout: 2000)
            for _ in 0..<50 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
        return log()
    }

    func log() -> String {
        String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
    }

    /// Signed frames of a request (as a DEALER sends them: no identities).
    func frames(_ type: String, content: [String: Any], id: String = KernelMessage.newID()) -> [[UInt8]] {
        var header = KernelMessage.header(type: type, session: session)
        header["msg_id"] = id
        return KernelMessage(header: header, content: content).encode(signer: signer)
    }

    struct NoReply: Error {}

    /// Sends a request and waits for its reply.
    func request(_ type: String, content: [String: Any] = [:], on socket: ZMQSocket? = nil, timeout: Int = 30_000) throws -> KernelMessage {
        let socket = socket ?? shell
        let id = KernelMessage.newID()
        socket.send(frames(type, content: content, id: id))
        return try reply(to: id, on: socket, timeout: timeout)
    }

    func reply(to id: String, on socket: ZMQSocket, timeout: Int) throws -> KernelMessage {
        let deadline = Date().addingTimeInterval(Double(timeout) / 1000)
        while Date() < deadline {
            guard socket.wait(timeout: 50), let frames = socket.receive() else { continue }
            guard let message = try? KernelMessage.decode(frames, signer: signer) else { continue }
            if message.parentHeader["msg_id"] as? String == id { return message }
        }
        throw NoReply()
    }

    /// Whether a reply comes for any request on `socket` within `timeout` ms.
    func anyReply(on socket: ZMQSocket, timeout: Int) -> KernelMessage? {
        guard socket.wait(timeout: timeout), let frames = socket.receive() else { return nil }
        return try? KernelMessage.decode(frames, signer: signer)
    }

    /// Runs code; returns the reply and the iopub messages it caused, up to idle.
    func execute(_ code: String, timeout: Int = 60_000) throws -> (reply: KernelMessage, output: [KernelMessage]) {
        let id = KernelMessage.newID()
        shell.send(frames("execute_request", content: ["code": code, "silent": false, "store_history": true,
                                                        "user_expressions": [String: Any](), "allow_stdin": false], id: id))
        let reply = try reply(to: id, on: shell, timeout: timeout)
        return (reply, iopubMessages(for: id))
    }

    /// The iopub messages whose parent is `id`, through its idle status.
    func iopubMessages(for id: String, timeout: Int = 10_000) -> [KernelMessage] {
        var found: [KernelMessage] = []
        let deadline = Date().addingTimeInterval(Double(timeout) / 1000)
        while Date() < deadline {
            guard iopub.wait(timeout: 50), let frames = iopub.receive(),
                  let message = try? KernelMessage.decode(frames, signer: signer),
                  message.parentHeader["msg_id"] as? String == id else { continue }
            found.append(message)
            if message.type == "status", message.content["execution_state"] as? String == "idle" { break }
        }
        return found
    }

    func drainIOPub() {
        while iopub.wait(timeout: 100) { _ = iopub.receive() }
    }

    /// The text of the stdout streams among `messages`.
    static func stdout(_ messages: [KernelMessage]) -> String {
        messages.filter { $0.type == "stream" }.compactMap { $0.content["text"] as? String }.joined()
    }
}
