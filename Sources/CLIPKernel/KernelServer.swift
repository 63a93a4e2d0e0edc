import CLIPLab
import CZMQ
import Foundation
import Synchronization

/// A Jupyter kernel: five sockets bound as the connection file says, requests answered on
/// shell and control, output published on iopub.
///
/// The shell channel runs commands on the calling thread; control (interrupt, shutdown,
/// kernel info) and the heartbeat each have a thread, so an interrupt reaches a running
/// `train`. A message that is not signed with the key is dropped and logged; a message the
/// kernel cannot read gets an error reply or is dropped. No message ends the kernel.
public final class KernelServer: @unchecked Sendable {
    public let info: ConnectionInfo
    let signer: MessageSigner
    let shell: ZMQSocket
    let control: ZMQSocket
    let stdin: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    /// The id in every header this kernel sends.
    let session = KernelMessage.newID()
    private let iopubLock = NSLock()
    private let stopping = Atomic<Bool>(false)
    /// Where log lines go (stderr; tests collect them).
    let log: @Sendable (String) -> Void
    /// The interpreter and what the shell channel keeps between requests (shell thread only).
    var state: KernelState

    public init(info: ConnectionInfo, settings: Settings, table: CommandTable,
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(("cliplab kernel: " + $0 + "\n").utf8)) })
        throws(KernelError) {
        self.info = info
        self.log = log
        signer = MessageSigner(key: info.key)
        shell = try ZMQSocket(type: ZMQ_ROUTER)
        control = try ZMQSocket(type: ZMQ_ROUTER)
        stdin = try ZMQSocket(type: ZMQ_ROUTER)
        iopub = try ZMQSocket(type: ZMQ_PUB)
        heartbeat = try ZMQSocket(type: ZMQ_REP, maxMessageSize: 1 << 16)
        try shell.bind(info.address(info.shellPort))
        try control.bind(info.address(info.controlPort))
        try stdin.bind(info.address(info.stdinPort))
        try iopub.bind(info.address(info.iopubPort))
        try heartbeat.bind(info.address(info.heartbeatPort))
        state = KernelState(settings: settings, table: table)
        state.output.publish = { [unowned self] type, content, parent in self.publish(type, content: content, parent: parent) }
    }

    /// Serves until a shutdown request; returns the exit status (0).
    public func run() -> Int32 {
        let beat = Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                if heartbeat.wait(timeout: 200), let frames = heartbeat.receive() { heartbeat.send(frames) }
            }
        }
        beat.start()
        let controlThread = Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                if control.wait(timeout: 200), let frames = control.receive() { handle(frames, on: control, isControl: true) }
            }
        }
        controlThread.start()
        publish("status", content: ["execution_state": "starting"], parent: [:])
        while !stopping.load(ordering: .relaxed) {
            if shell.wait(timeout: 200), let frames = shell.receive() { handle(frames, on: shell, isControl: false) }
            // stdin is bound for front ends that connect to it; CLIPLab never asks for input.
            if stdin.wait(timeout: 0) { _ = stdin.receive() }
        }
        Thread.sleep(forTimeInterval: 0.3)
        return 0
    }

    /// Asks every loop to end (shutdown).
    func stop() {
        stopping.store(true, ordering: .relaxed)
        Interrupt.raise()
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Decodes one message and answers it; never throws.
    func handle(_ frames: [[UInt8]], on socket: ZMQSocket, isControl: Bool) {
        let message: KernelMessage
        do throws(KernelMessage.Rejection) {
            message = try KernelMessage.decode(frames, signer: signer)
        } catch {
            reject(error, on: socket)
            return
        }
        if isControl {
            respond(to: message, on: socket, control: true)
        } else {
            publish("status", content: ["execution_state": "busy"], parent: message.header)
            respond(to: message, on: socket, control: false)
            publish("status", content: ["execution_state": "idle"], parent: message.header)
        }
    }

    /// Logs a message that was not accepted; answers with an error when its header says who asked.
    func reject(_ rejection: KernelMessage.Rejection, on socket: ZMQSocket) {
        switch rejection {
        case .dropped(let reason):
            log("dropped a message: \(reason)")
        case .invalid(let header, let identities, let reason):
            log("refused \(KernelServer.clip(header["msg_type"] ?? "a message")): \(reason)")
            guard let type = header["msg_type"], type.hasSuffix("_request") else { return }
            let parent = header.reduce(into: [String: Any]()) { $0[$1.key] = $1.value }
            let reply = KernelMessage(identities: identities, header: KernelMessage.header(type: replyType(type), session: session),
                                      parentHeader: parent, content: KernelMessage.errorContent("BadMessage", reason))
            socket.send(reply.encode(signer: signer))
        }
    }

    /// Answers one verified request: execute, shutdown and interrupt here, the rest from the state.
    func respond(to request: KernelMessage, on socket: ZMQSocket, control: Bool) {
        switch request.type {
        case "shutdown_request":
            let restart = request.content["restart"] as? Bool ?? false
            reply(request, on: socket, content: ["status": "ok", "restart": restart])
            stop()
        case "interrupt_request":
            Interrupt.raise()
            reply(request, on: socket, content: ["status": "ok"])
        case "execute_request" where !control:
            execute(request, on: socket)
        case "comm_open", "comm_msg", "comm_close":
            // No comms: the spec asks a kernel without them to ignore these.
            break
        default:
            if let content = state.answer(request, control: control) {
                reply(request, on: socket, content: content)
                return
            }
            let type = request.type
            log("refused unknown message type '\(KernelServer.clip(type))'\(control ? " on control" : "")")
            if type.hasSuffix("_request") {
                reply(request, on: socket, content: KernelMessage.errorContent("UnknownMessage", "CLIPLab does not handle '\(KernelServer.clip(type))'"))
            }
        }
    }

    /// Sends a reply to `request` on `socket`.
    func reply(_ request: KernelMessage, on socket: ZMQSocket, content: [String: Any]) {
        let message = KernelMessage(identities: request.identities,
                                    header: KernelMessage.header(type: replyType(request.type), session: session),
                                    parentHeader: request.header, content: content)
        socket.send(message.encode(signer: signer))
    }

    /// Publishes on iopub (from any thread).
    func publish(_ type: String, content: [String: Any], parent: [String: Any]) {
        var message = KernelMessage(header: KernelMessage.header(type: type, session: session), parentHeader: parent, content: content)
        message.identities = [Array("kernel.\(session).\(type)".utf8)]
        let frames = message.encode(signer: signer)
        iopubLock.lock()
        iopub.send(frames)
        iopubLock.unlock()
    }

    func replyType(_ requestType: String) -> String {
        requestType.hasSuffix("_request") ? String(requestType.dropLast("_request".count)) + "_reply" : requestType + "_reply"
    }

    /// A message type as logged: printable characters, at most 60.
    static func clip(_ text: String) -> String {
        let shown = String(text.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.prefix(60).map(Character.init))
        return text.unicodeScalars.count > 60 ? shown + "…" : shown
    }
}
