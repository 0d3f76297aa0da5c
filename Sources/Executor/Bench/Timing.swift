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
/// the caches. Counts bytes read plus bytes written, as STREAM does. Samples can be taken
/// between the runs of a kernel, so both see the same machine load.
public final class MemoryBandwidth: @unchecked Sendable {
    public let threads: Int
    public let bytes: Int
    private let source: UnsafeMutableRawPointer
    private let destination: UnsafeMutableRawPointer
    /// GB/s of every sample taken so far.
    public private(set) var samples: [Double] = []

    public init(threads: Int, bytes: Int = 256 << 20) {
        self.threads = max(1, threads)
        self.bytes = bytes
        source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        destination = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        memset(source, 1, bytes)
        memset(destination, 2, bytes)
    }

    deinit {
        source.deallocate()
        destination.deallocate()
    }

    /// One timed copy; returns and records its GB/s.
    @discardableResult
    public func sample() -> Double {
        let (s, d, n, t) = (UInt(bitPattern: source), UInt(bitPattern: destination), bytes, threads)
        let seconds = Timing.measure {
            DispatchQueue.concurrentPerform(iterations: t) { i in
                let lo = (n / t) * i, hi = i == t - 1 ? n : (n / t) * (i + 1)
                memcpy(UnsafeMutableRawPointer(bitPattern: d + UInt(lo))!, UnsafeRawPointer(bitPattern: s + UInt(lo))!, hi - lo)
            }
        }
        let gbps = Double(2 * bytes) / seconds / 1e9
        samples.append(gbps)
        return gbps
    }

    /// The median of `count` fresh samples (after one warm-up copy).
    public func copyGBps(count: Int = 10) -> Double {
        sample()
        return Timing.median((0..<count).map { _ in sample() })
    }

    /// The median of every sample taken.
    public var medianGBps: Double { Timing.median(samples) }
}
