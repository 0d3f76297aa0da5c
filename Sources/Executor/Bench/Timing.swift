import Foundation

/// Wall-clock timing helpers for benchmarks (never for tests).
public enum Timing {
    /// Seconds since an arbitrary origin, monotonic.
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Seconds that `body` takes.
    public static func measure(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    public static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// A STREAM-like copy: `threads` threads each copy their slice of a buffer far larger than
/// the caches. Counts bytes read plus bytes written, as STREAM does.
public struct MemoryBandwidth: Sendable {
    public var threads: Int
    public var bytes: Int
    public var repeats: Int

    public init(threads: Int, bytes: Int = 256 << 20, repeats: Int = 10) {
        self.threads = max(1, threads)
        self.bytes = bytes
        self.repeats = repeats
    }

    /// The median copy bandwidth in GB/s.
    public func copyGBps() -> Double {
        let src = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { src.deallocate(); dst.deallocate() }
        memset(src, 1, bytes)
        memset(dst, 2, bytes)
        let (s, d, n, t) = (UInt(bitPattern: src), UInt(bitPattern: dst), bytes, threads)
        var times: [Double] = []
        for _ in 0..<(repeats + 1) {
            times.append(Timing.measure {
                DispatchQueue.concurrentPerform(iterations: t) { i in
                    let lo = (n / t) * i, hi = i == t - 1 ? n : (n / t) * (i + 1)
                    memcpy(UnsafeMutableRawPointer(bitPattern: d + UInt(lo))!, UnsafeRawPointer(bitPattern: s + UInt(lo))!, hi - lo)
                }
            })
        }
        return Double(2 * bytes) / Timing.median(Array(times.dropFirst())) / 1e9
    }
}
