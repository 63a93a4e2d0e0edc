import Foundation

/// One Jupyter message: the routing identities, then the delimiter, the signature and four
/// JSON frames (header, parent header, metadata, content), then binary buffers.
///
/// `[ids…, "<IDS|MSG>", hmac, header, parent_header, metadata, content, buffers…]`
public struct KernelMessage: @unchecked Sendable {
    public static let delimiter = Array("<IDS|MSG>".utf8)
    public static let protocolVersion = "5.3"

    public var identities: [[UInt8]]
    public var header: [String: Any]
    public var parentHeader: [String: Any]
    public var metadata: [String: Any]
    public var content: [String: Any]

    public init(identities: [[UInt8]] = [], header: [String: Any], parentHeader: [String: Any] = [:],
                metadata: [String: Any] = [:], content: [String: Any]) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
    }

    public var type: String { header["msg_type"] as? String ?? "" }

    /// Why a message was not accepted.
    public enum Rejection: Error, Equatable, CustomStringConvertible {
        /// Dropped without a reply: no delimiter, too few frames, a bad signature, an unreadable header.
        case dropped(String)
        /// The header is readable, so the sender gets an error reply.
        case invalid(header: [String: String], identities: [[UInt8]], reason: String)

        public var description: String {
            switch self {
            case .dropped(let reason): return reason
            case .invalid(_, _, let reason): return reason
            }
        }

        public static func == (a: Rejection, b: Rejection) -> Bool { a.description == b.description }
    }

    /// Parses and verifies the frames of one message.
    public static func decode(_ frames: [[UInt8]], signer: MessageSigner) throws(Rejection) -> KernelMessage {
        guard let split = frames.firstIndex(of: delimiter) else { throw .dropped("no <IDS|MSG> delimiter") }
        let identities = Array(frames[..<split])
        let parts = Array(frames[(split + 1)...])
        guard parts.count >= 5 else { throw .dropped("\(parts.count) frames after the delimiter, 5 needed") }
        guard signer.verify(parts[0], Array(parts[1...4])) else {
            throw .dropped(parts[0].isEmpty ? "missing signature" : "wrong signature")
        }
        guard let header = object(parts[1]), let type = header["msg_type"] as? String, !type.isEmpty else {
            throw .dropped("the header is not a JSON object with a msg_type")
        }
        var plain: [String: String] = [:]
        for (key, value) in header { if let text = value as? String { plain[key] = text } }
        guard let parent = object(parts[2]), let metadata = object(parts[3]), let content = object(parts[4]) else {
            throw .invalid(header: plain, identities: identities, reason: "parent_header, metadata and content must be JSON objects")
        }
        return KernelMessage(identities: identities, header: header, parentHeader: parent, metadata: metadata, content: content)
    }

    /// The frames to send, signed.
    public func encode(signer: MessageSigner) -> [[UInt8]] {
        let json = [header, parentHeader, metadata, content].map(KernelMessage.data)
        return identities + [KernelMessage.delimiter, Array(signer.signature(json).utf8)] + json
    }

    /// A fresh header: `msg_id`, `session`, `username`, `date`, `msg_type`, `version`.
    public static func header(type: String, session: String) -> [String: Any] {
        ["msg_id": newID(), "session": session, "username": "cliplab", "date": timestamp(),
         "msg_type": type, "version": protocolVersion]
    }

    /// The content of an error reply: `ename`, the one-line `evalue`, and it again as the traceback.
    public static func errorContent(_ name: String, _ value: String) -> [String: Any] {
        ["status": "error", "ename": name, "evalue": value, "traceback": ["error: \(value)"]]
    }

    /// A random UUID string.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        guard !bytes.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }

    static func data(_ object: [String: Any]) -> [UInt8] {
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object) else { return Array("{}".utf8) }
        return Array(data)
    }
}
