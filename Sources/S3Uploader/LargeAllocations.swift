#if canImport(Glibc)
import Glibc
#endif

/// Upload part buffers are large (8 MiB by default) and short-lived. glibc's malloc raises its mmap
/// threshold after the first such buffer is freed and then serves the next ones from per-thread arenas,
/// which never shrink: RSS grows to about twice the live buffers and stays there after the upload.
/// A fixed threshold keeps every allocation of 1 MiB or more in its own mapping, returned on free.
enum LargeAllocations {
    static func returnToSystemWhenFreed() {
        #if canImport(Glibc)
        // mallopt(3) is declared in <malloc.h>, which the Glibc module doesn't export.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 1 << 20)
        #endif
    }
}
