import Foundation

/// The connection file a Jupyter front end writes: where to bind and how to sign.
///
/// ```json
/// {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795,
///  "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
///  "key": "a0436f6c-…", "signature_scheme": "hmac-sha256"}
/// ```
public struct ConnectionInfo: Sendable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    public var key: String
    public var signatureScheme: String

    public init(transport: String, ip: String, shellPort: Int, iopubPort: Int, stdinPort: Int, controlPort: Int,
                heartbeatPort: Int, key: String, signatureScheme: String) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.heartbeatPort = heartbeatPort
        self.key = key
        self.signatureScheme = signatureScheme
    }

    /// The address of one channel: `tcp://127.0.0.1:53794`, or `ipc://path-1` for ipc.
    public func address(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }

    /// Reads and checks a connection file.
    ///
    /// Refuses a file that others may read (the key is the only secret between the front end
    /// and the kernel), an empty key or an unknown signature scheme unless `insecure`.
    public static func load(_ path: String, insecure: Bool) throws(KernelError) -> ConnectionInfo {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .connectionFile("cannot read the connection file \(path): \(String(cString: strerror(errno)))")
        }
        if status.st_mode & 0o077 != 0 && !insecure {
            throw .insecure("the connection file \(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); make it private with 'chmod 600 \(path)' (or pass --insecure if the machine is yours alone)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .connectionFile("cannot read the connection file \(path)")
        }
        guard status.st_size < 1 << 20, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .connectionFile("the connection file \(path) is not a JSON object; start the kernel from Jupyter, which writes it")
        }
        return try parse(object, path: path, insecure: insecure)
    }

    static func parse(_ object: [String: Any], path: String, insecure: Bool) throws(KernelError) -> ConnectionInfo {
        func port(_ name: String) throws(KernelError) -> Int {
            guard let value = object[name] as? Int, (0...65535).contains(value) else {
                throw .connectionFile("the connection file \(path) has no valid '\(name)' (a port number 0…65535)")
            }
            return value
        }
        let transport = object["transport"] as? String ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else {
            throw .connectionFile("the connection file \(path) names transport '\(transport)'; CLIPLab speaks tcp or ipc")
        }
        guard let ip = object["ip"] as? String, !ip.isEmpty else {
            throw .connectionFile("the connection file \(path) has no 'ip' to bind")
        }
        let key = object["key"] as? String ?? ""
        let scheme = object["signature_scheme"] as? String ?? "hmac-sha256"
        if key.isEmpty && !insecure {
            throw .insecure("the connection file \(path) has an empty key, so anyone who can reach the ports could run commands; let Jupyter write a key (or pass --insecure if the machine is yours alone)")
        }
        guard scheme == "hmac-sha256" || (key.isEmpty && insecure) else {
            throw .connectionFile("the connection file \(path) asks for signature scheme '\(scheme)'; CLIPLab signs with hmac-sha256")
        }
        return ConnectionInfo(transport: transport, ip: ip, shellPort: try port("shell_port"), iopubPort: try port("iopub_port"),
                              stdinPort: try port("stdin_port"), controlPort: try port("control_port"),
                              heartbeatPort: try port("hb_port"), key: key, signatureScheme: scheme)
    }
}
