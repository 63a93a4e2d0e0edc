#if canImport(Glibc)
import Glibc
#endif

/// Allocator settings for workloads that free and re-allocate the same large buffers.
public enum HeapTuning {
    /// Keeps freed large buffers in the heap for reuse.
    ///
    /// Training allocates and frees the same large buffers every step; by default glibc
    /// returns them to the system and page-faults them back in (a tenth of a toy step).
    /// Raising the mmap and trim thresholds keeps them in the heap.
    public static func keepFreedMemory() {
        #if os(Linux)
        // glibc's mallopt is not in the Glibc module; M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 64 << 20)
        _ = mallopt(-1, 256 << 20)
        #endif
    }
}
