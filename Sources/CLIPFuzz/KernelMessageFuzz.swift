import CLIPKernel
import CLIPLab
import Foundation

/// Jupyter messages as they arrive on a socket: one frame per input line (identities, the
/// `<IDS|MSG>` delimiter, the signature, header, parent header, metadata, content, buffers).
///
/// Promises: decoding drops or refuses with a printable reason and never crashes; with a key,
/// only the right HMAC is accepted (the input is re-signed, then one signature byte is changed);
/// an accepted message re-encodes and decodes to the same JSON; every reply the state gives
/// (kernel info, complete, inspect, is_complete, history, comm info) is a JSON object the wire
/// can carry, with a status, a one-line error and cursor positions inside the code. The content
/// frame also goes through the connection-file reader.
enum KernelMessageFuzz {
    static let plain = MessageSigner(key: "")
    static let keyed = MessageSigner(key: "fuzz-key")
    nonisolated(unsafe) static let state: KernelState = {
        let state = KernelState(settings: Settings(), table: .standard)
        state.history = [(1, "tokenize \"a photo of a cat\"", "…\n"), (2, "matrix", "error: no batch\n"), (3, "loss * 2", "2.8\n")]
        return state
    }()

    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        let frames = bytes.prefix(65_536).split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        let outcome = decode(frames, plain)
        try checkSigning(frames, plainOutcome: outcome)
        if frames.count > 1, let content = frames.last { try readConnectionFile(content) }
        guard case .success(let message) = outcome else { return false }
        try checkRoundTrip(message)
        for control in [false, true] {
            guard let content = state.answer(message, control: control) else { continue }
            try checkReply(content, to: message)
        }
        return true
    }

    static func decode(_ frames: [[UInt8]], _ signer: MessageSigner) -> Result<KernelMessage, KernelMessage.Rejection> {
        do throws(KernelMessage.Rejection) { return .success(try KernelMessage.decode(frames, signer: signer)) } catch { return .failure(error) }
    }

    /// With a key: the input re-signed decodes as the unsigned input did; a changed byte is dropped.
    static func checkSigning(_ frames: [[UInt8]], plainOutcome: Result<KernelMessage, KernelMessage.Rejection>) throws(FuzzFinding) {
        if case .failure(let rejection) = plainOutcome {
            let reason = rejection.description
            try expect(!reason.isEmpty && !reason.contains(where: \.isNewline), "bad rejection reason \(reason.debugDescription)")
        }
        guard let split = frames.firstIndex(of: KernelMessage.delimiter), frames.count >= split + 6 else { return }
        var signed = frames
        signed[split + 1] = Array(keyed.signature(Array(frames[(split + 2)...(split + 5)])).utf8)
        let keyedOutcome = decode(signed, keyed)
        switch (plainOutcome, keyedOutcome) {
        case (.success(let a), .success(let b)):
            try expect(a.type == b.type && a.identities == b.identities, "re-signing changed the message")
        case (.failure, .failure): break
        case (.success, .failure(let why)): throw FuzzFinding(description: "a correctly signed message was refused: \(why)")
        case (.failure(let why), .success) where frames[split + 1].isEmpty:
            throw FuzzFinding(description: "re-signing made a refused message acceptable (\(why))")
        case (.failure, .success): break   // the input carried a (wrong) signature; the unkeyed signer dropped it for that
        }
        signed[split + 1][0] ^= 1
        if case .success = decode(signed, keyed) { throw FuzzFinding(description: "a wrong signature was accepted") }
    }

    /// Encoding an accepted message loses nothing: it decodes to the same type, identities and JSON.
    static func checkRoundTrip(_ message: KernelMessage) throws(FuzzFinding) {
        for part in [message.header, message.parentHeader, message.metadata, message.content] {
            try expect(JSONSerialization.isValidJSONObject(part), "a decoded frame cannot be encoded again")
        }
        guard case .success(let again) = decode(message.encode(signer: keyed), keyed) else {
            throw FuzzFinding(description: "an accepted message does not decode after encoding")
        }
        try expect(again.identities == message.identities && again.type == message.type, "identities or type changed in a round trip")
        try expect(canonical(again.content) == canonical(message.content) && canonical(again.header) == canonical(message.header),
                   "content or header changed in a round trip")
    }

    static func checkReply(_ content: [String: Any], to request: KernelMessage) throws(FuzzFinding) {
        let type = request.type
        try expect(JSONSerialization.isValidJSONObject(content), "the \(type) reply cannot be sent as JSON")
        guard let status = content["status"] as? String else { throw FuzzFinding(description: "the \(type) reply has no status") }
        if type == "is_complete_request" {
            try expect(["complete", "incomplete", "invalid", "unknown", "error"].contains(status), "is_complete status \(status)")
        } else {
            try expect(status == "ok" || status == "error", "\(type) status \(status)")
        }
        if status == "error" {
            let value = content["evalue"] as? String ?? ""
            try expect(!value.isEmpty && !value.contains(where: \.isNewline), "the \(type) error is not one line: \(value.debugDescription)")
            return
        }
        if type == "complete_request", let code = request.content["code"] as? String {
            let start = content["cursor_start"] as? Int ?? -1, end = content["cursor_end"] as? Int ?? -1
            try expect(0 <= start && start <= end && end <= code.unicodeScalars.count, "completion cursors \(start)…\(end) outside the code")
            try expect(content["matches"] is [String], "completion matches are not strings")
        }
    }

    /// The content frame as a connection file (accepted or refused with one line).
    static func readConnectionFile(_ bytes: [UInt8]) throws(FuzzFinding) {
        let file = try ScratchFile.write(bytes, suffix: "json")
        defer { ScratchFile.remove(file) }
        do throws(KernelError) {
            _ = try ConnectionInfo.load(file.path, insecure: true)
        } catch {
            let message = error.description
            try expect(!message.isEmpty && !message.contains(where: \.isNewline), "connection file error is not one line: \(message.debugDescription)")
        }
    }

    static func canonical(_ object: [String: Any]) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
