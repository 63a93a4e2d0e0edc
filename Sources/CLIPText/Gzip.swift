import CZlib

/// Inflates gzip (or zlib) data with the system zlib.
///
/// Example: `try Gzip.decompress(Array(data))` turns the bundled `.txt.gz` into its text bytes.
enum Gzip {
    static func decompress(_ input: [UInt8]) throws(TextError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptGzip("inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(max(input.count * 3, 1 << 16))
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var status: Int32 = Z_OK
        var mutableInput = input
        try mutableInput.withUnsafeMutableBufferPointer { (inBuf) throws(TextError) in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = UInt32(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    throw .corruptGzip("zlib status \(status)")
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && produced == 0 && stream.avail_in == 0 {
                    throw .corruptGzip("truncated stream")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
