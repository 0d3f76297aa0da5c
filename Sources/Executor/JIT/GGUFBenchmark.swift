import Compiler
import Foundation
import Kernels
import Quantization

/// Times the JIT GGUF kernels: GEMV (one input row) and GEMM (``gemmRows`` rows) at `n × k`
/// for each type and strategy, on random blocks with sane scales. Weights are rotated through
/// copies spanning ``rotationBytes`` so every repetition streams them from memory; the time is
/// the median of ``repeats`` runs and includes the activation quantization of the int8
/// strategy. GB/s counts weight bytes plus activations read and outputs written; GFLOP/s
/// counts 2·m·n·k.
public struct GGUFBenchmark: Sendable {
    public var types: [GGMLType]
    public var strategies: [GGUFStrategy]
    public var n: Int
    public var k: Int
    public var gemmRows: Int
    public var threads: Int
    public var repeats: Int
    public var rotationBytes: Int
    /// Tile configs to time instead of the generators' defaults.
    public var gemvConfig: GGUFTileConfig?
    public var gemmConfig: GGUFTileConfig?

    public init(types: [GGMLType] = GGUFMatmulSpec.supportedTypes, strategies: [GGUFStrategy] = GGUFStrategy.allCases,
                n: Int = 4096, k: Int = 4096, gemmRows: Int = 512, threads: Int = 2, repeats: Int = 20,
                rotationBytes: Int = 512 << 20) {
        self.types = types
        self.strategies = strategies
        self.n = n
        self.k = k
        self.gemmRows = gemmRows
        self.threads = threads
        self.repeats = repeats
        self.rotationBytes = rotationBytes
    }

    /// One measurement.
    public struct Row: Sendable, Codable {
        public var type: String
        public var strategy: String
        public var variant: String
        public var m: Int, n: Int, k: Int
        public var microseconds: Double
        /// The fastest repetition.
        public var minMicroseconds: Double
        /// Median process CPU time (user + system, all threads) per run: on a shared machine,
        /// `cpuMicroseconds / threads` estimates the time with the cores to ourselves.
        public var cpuMicroseconds: Double
        public var gigabytesPerSecond: Double
        public var gflops: Double
        /// With a tile config other than the default: max |y − y_default| / max |y_default| on
        /// the first weight copy, against the generators' default variant (itself checked
        /// against the scalar reference by the kernel tests); nil when the default ran.
        public var differenceFromDefault: Double?
    }

    /// Runs every (type, strategy) at m = 1 and m = ``gemmRows``; `progress` receives each row.
    public func run(cache: GGUFKernelCache = .shared, progress: (Row) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for type in types {
            let layout = type.layout
            let rowBytes = k / layout.valuesPerBlock * layout.bytesPerBlock  // float types: 1-value "blocks"
            let matrixBytes = n * rowBytes
            let copies = max(2, rotationBytes / matrixBytes)
            let weights = UnsafeMutableRawPointer.allocate(byteCount: copies * matrixBytes, alignment: 64)
            defer { weights.deallocate() }
            Self.fillRandomBlocks(weights, type: type, count: n * k / layout.valuesPerBlock)
            for c in 1..<copies { memcpy(weights + c * matrixBytes, weights, matrixBytes) }
            for strategy in strategies where GGUFMatmulSpec.supports(type, strategy: strategy) {
                let options = JITLinearOptions(gemvStrategy: strategy, gemmStrategy: strategy, gemvConfig: gemvConfig, gemmConfig: gemmConfig)
                let kernels = try JITGGUFKernels(type: type, options: options, cache: cache, threads: threads)
                let overridden = gemvConfig != nil || gemmConfig != nil
                let defaults = overridden ? try JITGGUFKernels(type: type, options: JITLinearOptions(gemvStrategy: strategy, gemmStrategy: strategy),
                                                               cache: cache, threads: threads) : nil
                for m in [1, gemmRows] {
                    let x = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
                    let y = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
                    defer { x.deallocate(); y.deallocate() }
                    for i in 0..<(m * k) { x[i] = Float((i * 7919) % 2001 - 1000) / 1000 }
                    var times: [Double] = [], cpu: [Double] = []
                    for r in 0..<(repeats + 2) {
                        let w = UnsafeRawPointer(weights + (r % copies) * matrixBytes)
                        let c0 = Self.processCPUTime()
                        let t = Timing.measure { kernels.run(x: x, rows: m, weights: w, n: n, k: k, y: y) }
                        if r >= 2 { times.append(t); cpu.append(Self.processCPUTime() - c0) }
                    }
                    let seconds = Timing.median(times)
                    let difference = defaults.map { Self.difference(kernels, from: $0, x: x, rows: m, weights: weights, n: n, k: k) }
                    let bytes = Double(matrixBytes + 4 * m * k + 4 * m * n)
                    let row = Row(type: type.name, strategy: strategy.rawValue, variant: m == 1 ? kernels.gemv.name : kernels.gemm.name,
                                  m: m, n: n, k: k, microseconds: seconds * 1e6, minMicroseconds: (times.min() ?? .nan) * 1e6, cpuMicroseconds: Timing.median(cpu) * 1e6, gigabytesPerSecond: bytes / seconds / 1e9,
                                  gflops: 2 * Double(m) * Double(n) * Double(k) / seconds / 1e9, differenceFromDefault: difference)
                    progress(row)
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// max |y − y_default| / max |y_default| of one call of each on the same inputs (NaN if the
    /// default's outputs are all zero).
    static func difference(_ kernels: JITGGUFKernels, from defaults: JITGGUFKernels, x: UnsafePointer<Float>, rows m: Int,
                           weights: UnsafeRawPointer, n: Int, k: Int) -> Double {
        let y = UnsafeMutablePointer<Float>.allocate(capacity: 2 * m * n)
        defer { y.deallocate() }
        kernels.run(x: x, rows: m, weights: weights, n: n, k: k, y: y)
        defaults.run(x: x, rows: m, weights: weights, n: n, k: k, y: y + m * n)
        var (delta, scale) = (0.0, 0.0)
        for i in 0..<(m * n) {
            delta = max(delta, abs(Double(y[i]) - Double(y[m * n + i])))
            scale = max(scale, abs(Double(y[m * n + i])))
        }
        return scale > 0 ? delta / scale : .nan  // all-zero outputs would prove nothing
    }

    /// User plus system CPU seconds of this process so far.
    static func processCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// A Markdown table of the rows.
    public static func table(_ rows: [Row]) -> String {
        var s = "| type | strategy | m | n × k | µs | CPU µs | GB/s | GFLOP/s | variant |\n|---|---|---|---|---|---|---|---|---|\n"
        for r in rows {
            s += "| \(r.type) | \(r.strategy) | \(r.m) | \(r.n) × \(r.k) | \(String(format: "%.1f", r.microseconds)) | \(String(format: "%.1f", r.cpuMicroseconds)) | "
            s += "\(String(format: "%.1f", r.gigabytesPerSecond)) | \(String(format: "%.1f", r.gflops)) | \(r.variant) |\n"
        }
        return s
    }

    /// Random quants with positive f16 scales in [0.0005, 0.05] in every scale field.
    static func fillRandomBlocks(_ p: UnsafeMutableRawPointer, type: GGMLType, count: Int) {
        let layout = type.layout
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let words = count * layout.bytesPerBlock / 8
        let w = p.bindMemory(to: UInt64.self, capacity: words)
        for i in 0..<words {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            w[i] = state ^ (state >> 29)
        }
        let fields: [Int] = switch type {
        case .q4_0, .q8_0, .q5_0, .iq4_NL, .iq4_XS: [0]
        case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
        case .q6_K: [208]
        case .q2_K: [80, 82]
        case .q3_K: [108]
        default: []
        }
        let raw = UnsafeMutableRawPointer(p)
        if GGUFMatmulSpec.floatTypes.contains(type) {
            // Sane values in (−1, 1) instead of random bits (no NaNs, no subnormals).
            for i in 0..<count {
                let v = Float(i % 2001 - 1000) / 1001
                switch type {
                case .f32: raw.storeBytes(of: v.bitPattern, toByteOffset: 4 * i, as: UInt32.self)
                case .f16: raw.storeBytes(of: Float16(v).bitPattern, toByteOffset: 2 * i, as: UInt16.self)
                default: raw.storeBytes(of: UInt16(v.bitPattern >> 16), toByteOffset: 2 * i, as: UInt16.self)
                }
            }
            return
        }
        for block in 0..<count {
            for f in fields {
                let bits = Float16(Float(block % 100 + 1) / 2000).bitPattern
                raw.storeBytes(of: bits, toByteOffset: block * layout.bytesPerBlock + f, as: UInt16.self)
            }
        }
    }
}
