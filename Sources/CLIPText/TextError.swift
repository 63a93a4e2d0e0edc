import CLIPCore

/// Everything that can go wrong while loading or running a tokenizer, each with a one-line fix.
public enum TextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bundled BPE vocabulary is missing from the package resources.
    case missingResource(String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A gzip stream could not be inflated.
    case corruptGzip(String)
    /// A `vocab.json` / `merges.txt` pair is malformed or inconsistent.
    case badVocabulary(String)
    /// Bytes that are not valid UTF-8 were given where strict decoding was requested.
    case invalidUTF8(offset: Int)
    /// A vocabulary file is missing, a directory, a FIFO, unreadable or far too large.
    case access(FileAccessError)

    public var description: String {
        switch self {
        case .missingResource(let name):
            return "the bundled vocabulary \(name) is missing; rebuild the package (swift build) so its resources are copied"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason); check the path and permissions"
        case .corruptGzip(let reason):
            return "the gzip vocabulary is corrupt (\(reason)); restore bpe_simple_vocab_16e6.txt.gz from the repository"
        case .badVocabulary(let reason):
            return "bad tokenizer files: \(reason); use the vocab.json and merges.txt of one CLIP model folder"
        case .invalidUTF8(let offset):
            return "input is not valid UTF-8 (first bad byte at offset \(offset)); re-encode it as UTF-8 or use lossy decoding"
        case .access(let error):
            return error.description
        }
    }
}
