import CCrypto

/// HMAC-SHA256 over a message's four JSON frames, as the connection file's key dictates.
///
/// An empty key signs nothing (the signature frame is empty), which only `--insecure` allows.
public struct MessageSigner: Sendable {
    public let key: [UInt8]

    public init(key: String) { self.key = Array(key.utf8) }

    /// The lower-case hex signature of `frames` (header, parent header, metadata, content).
    public func signature(_ frames: [[UInt8]]) -> String {
        guard !key.isEmpty else { return "" }
        guard let context = HMAC_CTX_new() else { return "" }
        defer { HMAC_CTX_free(context) }
        _ = key.withUnsafeBytes { HMAC_Init_ex(context, $0.baseAddress, Int32(key.count), EVP_sha256(), nil) }
        for frame in frames {
            _ = frame.withUnsafeBytes { HMAC_Update(context, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), frame.count) }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        HMAC_Final(context, &digest, &length)
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest.prefix(Int(length)) { out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `signature` is right for `frames`, compared in constant time.
    public func verify(_ signature: [UInt8], _ frames: [[UInt8]]) -> Bool {
        let expected = Array(self.signature(frames).utf8)
        guard expected.count == signature.count else { return false }
        return expected.withUnsafeBytes { a in signature.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 } }
    }
}
