import CLIPKernel
import Foundation
import Testing

@Suite("Kernel messages and connection files")
struct KernelUnitTests {
    @Test("HMAC-SHA256 matches RFC 4231 test case 2, over frames as one string")
    func hmac() {
        let signer = MessageSigner(key: "Jefe")
        let frames = ["what do ya ", "want ", "for nothing?"].map { Array($0.utf8) }
        #expect(signer.signature(frames) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(signer.verify(Array(signer.signature(frames).utf8), frames))
        #expect(!signer.verify(Array(String(repeating: "0", count: 64).utf8), frames))
        #expect(!signer.verify([], frames))
    }

    @Test("a message survives encode and decode with its identities; a changed byte breaks the signature")
    func roundTrip() throws {
        let signer = MessageSigner(key: "secret")
        var message = KernelMessage(header: KernelMessage.header(type: "execute_request", session: "s"), content: ["code": "version"])
        message.identities = [Array("client".utf8)]
        var frames = message.encode(signer: signer)
        let decoded = try KernelMessage.decode(frames, signer: signer)
        #expect(decoded.type == "execute_request")
        #expect(decoded.identities == [Array("client".utf8)])
        #expect(decoded.content["code"] as? String == "version")
        frames[frames.count - 1] = Array("{\"code\":\"quit\"}".utf8)
        #expect(throws: KernelMessage.Rejection.dropped("wrong signature")) { try KernelMessage.decode(frames, signer: signer) }
    }

    @Test("connection files: mode, key, scheme and ports are checked", arguments: [
        (0o644, "k", "hmac-sha256", "can be read by other users"),
        (0o600, "", "hmac-sha256", "empty key"),
        (0o600, "k", "hmac-md5", "signature scheme 'hmac-md5'"),
    ])
    func refusals(mode: Int, key: String, scheme: String, message: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conn-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let object: [String: Any] = ["transport": "tcp", "ip": "127.0.0.1", "shell_port": 1, "iopub_port": 2, "stdin_port": 3,
                                     "control_port": 4, "hb_port": 5, "key": key, "signature_scheme": scheme]
        FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: object),
                                       attributes: [.posixPermissions: mode])
        do {
            _ = try ConnectionInfo.load(path, insecure: false)
            Issue.record("accepted a connection file it should refuse")
        } catch {
            #expect(error.description.contains(message))
        }
    }

    @Test("a connection file that is not JSON, or lacks a port, is refused")
    func malformed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conn-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data("{not json".utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: KernelError.self) { try ConnectionInfo.load(path, insecure: false) }
        let object: [String: Any] = ["transport": "tcp", "ip": "127.0.0.1", "shell_port": 1, "key": "k"]
        FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: object), attributes: [.posixPermissions: 0o600])
        do {
            _ = try ConnectionInfo.load(path, insecure: false)
            Issue.record("accepted a connection file without iopub_port")
        } catch {
            #expect(error.description.contains("iopub_port"))
        }
    }

    @Test("the kernel binds exactly the addresses the connection file names")
    func addresses() {
        let tcp = ConnectionInfo(transport: "tcp", ip: "127.0.0.1", shellPort: 5001, iopubPort: 5002, stdinPort: 5003,
                                 controlPort: 5004, heartbeatPort: 5005, key: "k", signatureScheme: "hmac-sha256")
        #expect(tcp.address(tcp.shellPort) == "tcp://127.0.0.1:5001")
        let ipc = ConnectionInfo(transport: "ipc", ip: "/run/k", shellPort: 1, iopubPort: 2, stdinPort: 3,
                                 controlPort: 4, heartbeatPort: 5, key: "k", signatureScheme: "hmac-sha256")
        #expect(ipc.address(ipc.heartbeatPort) == "ipc:///run/k-5")
    }

    @Test("the kernelspec runs this executable on the connection file, interrupting by message")
    func kernelspec() throws {
        let spec = KernelSpec.json(executable: "/opt/cliplab", lessons: nil)
        #expect(spec["argv"] as? [String] == ["/opt/cliplab", "kernel", "{connection_file}"])
        #expect(spec["display_name"] as? String == "CLIPLab")
        #expect(spec["interrupt_mode"] as? String == "message")
        #expect(try KernelSpec.folder(.user, environment: ["HOME": "/home/a"]) == "/home/a/.local/share/jupyter/kernels/cliplab")
        #expect(try KernelSpec.folder(.prefix("/p")) == "/p/share/jupyter/kernels/cliplab")
        #expect(throws: (any Error).self) { try KernelSpec.folder(.sysPrefix, environment: [:]) }
    }
}
