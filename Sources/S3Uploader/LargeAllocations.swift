#if canImport(Glibc)
    import Glibc
#endif

/// Tunes glibc's malloc for a process that streams large bodies.
///
/// Part buffers are large (8 MiB by default): glibc would raise its mmap threshold after the first one
/// is freed and then serve the next ones from per-thread arenas, which never shrink, so RSS would grow
/// to about twice the live buffers and stay there. A fixed threshold keeps every allocation of 1 MiB or
/// more in its own mapping, returned on free (the upload pipeline recycles its part buffers anyway).
///
/// Socket reads are smaller (512 KiB) and come and go thousands of times per GiB: with glibc's default
/// trim threshold (128 KiB) each one is handed back to the kernel and faulted in (zeroed) again. Keeping
/// up to 16 MiB of free heap per arena saves that work; it is memory the process already used.
enum LargeAllocations {
    static func returnToSystemWhenFreed() {
        #if canImport(Glibc)
            // mallopt(3) is declared in <malloc.h>, which the Glibc module doesn't export.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(mmapThreshold, 1 << 20)
            _ = mallopt(trimThreshold, 16 << 20)
        #endif
    }
}
