import Compiler
import KernelIR
import Testing

/// ``HostFeatures`` and the AVX2 stand-ins for the int8 kernels' AVX-512 intrinsics: on a host
/// with the AVX-512 features the instructions themselves run, elsewhere their AVX2 emulations
/// (`X86Legalization`); either way each must compute what the instruction's definition says,
/// here a scalar reference over random bytes. What neither can run is a named error, not an
/// abort inside LLVM's instruction selection.
@Suite struct HostFeatureTests {
    @Test("the features each x86 intrinsic of the kernels needs")
    func requirements() {
        #expect(HostFeatures.required(byIntrinsic: "llvm.x86.avx512.vpdpbusd.512") == ["avx512vnni"])
        #expect(HostFeatures.required(byIntrinsic: "llvm.x86.avx512.vpdpbusd.256") == ["avx512vnni", "avx512vl"])
        #expect(HostFeatures.required(byIntrinsic: "llvm.x86.avx512.vpermi2var.qi.512") == ["avx512vbmi"])
        #expect(HostFeatures.required(byIntrinsic: "llvm.x86.avx512.pmaddubs.w.512") == ["avx512bw"])
        #expect(HostFeatures.required(byIntrinsic: "llvm.x86.avx2.pshuf.b") == ["avx2"])
        #expect(HostFeatures.required(byIntrinsic: "llvm.x86.ssse3.pshuf.b.128") == ["ssse3"])
        #expect(HostFeatures.required(byIntrinsic: "llvm.nvvm.fabs.f").isEmpty)
        #expect(HostFeatures.required(byIntrinsic: "llvm.fma.v16f32").isEmpty)
        // Every x86-64 host has SSE2; LLVM reports it.
        #expect(HostFeatures.enabled.contains("sse2"))
    }

    /// The intrinsics, their result types and what they compute on little-endian bytes.
    enum Case: String, CaseIterable, Sendable {
        case pshufb = "llvm.x86.avx512.pshuf.b.512"
        case pmaddubsw = "llvm.x86.avx512.pmaddubs.w.512"
        case pmaddwd = "llvm.x86.avx512.pmaddw.d.512"
        case vpdpwssd = "llvm.x86.avx512.vpdpwssd.512"
        case vpdpbusd = "llvm.x86.avx512.vpdpbusd.512"
        case vpdpbusd256 = "llvm.x86.avx512.vpdpbusd.256"
        case vpermi2b = "llvm.x86.avx512.vpermi2var.qi.512"

        var bytes: Int { self == .vpdpbusd256 ? 32 : 64 }
    }

    static func words(_ v: [UInt8], _ i: Int) -> Int { Int(Int16(bitPattern: UInt16(v[2 * i]) | UInt16(v[2 * i + 1]) << 8)) }
    static func dword(_ v: [UInt8], _ i: Int) -> Int32 { (0..<4).reduce(0) { $0 | Int32(v[4 * i + $1]) << (8 * $1) } }
    static func bytes(_ values: [Int], width: Int) -> [UInt8] {
        values.flatMap { v in (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }

    /// What the instruction computes from `x`, `y`, `z` (the accumulator, where there is one,
    /// comes first, as in the intrinsic), `picks` being `vpermi2b`'s constant index.
    static func reference(_ c: Case, _ x: [UInt8], _ y: [UInt8], _ z: [UInt8], picks: [Int]) -> [UInt8] {
        let n = c.bytes
        let madd = { (a: [UInt8], b: [UInt8]) in
            (0..<n / 4).map { j in Int(Int32(truncatingIfNeeded: words(a, 2 * j) * words(b, 2 * j) + words(a, 2 * j + 1) * words(b, 2 * j + 1))) }
        }
        switch c {
        case .pshufb:
            return (0..<n).map { j in y[j] & 0x80 != 0 ? 0 : x[j / 16 * 16 + Int(y[j] & 15)] }
        case .pmaddubsw:
            return bytes((0..<n / 2).map { w in
                min(32767, max(-32768, Int(x[2 * w]) * Int(Int8(bitPattern: y[2 * w])) + Int(x[2 * w + 1]) * Int(Int8(bitPattern: y[2 * w + 1]))))
            }, width: 2)
        case .pmaddwd:
            return bytes(madd(x, y), width: 4)
        case .vpdpwssd:
            return bytes(zip(madd(y, z), 0...).map { Int(dword(x, $1) &+ Int32(truncatingIfNeeded: $0)) }, width: 4)
        case .vpdpbusd, .vpdpbusd256:
            return bytes((0..<n / 4).map { j in
                Int(dword(x, j) &+ Int32((0..<4).reduce(0) { $0 + Int(y[4 * j + $1]) * Int(Int8(bitPattern: z[4 * j + $1])) }))
            }, width: 4)
        case .vpermi2b:
            return picks.map { $0 < 64 ? x[$0] : z[$0 - 64] }
        }
    }

    /// The bytes at the ends of the ranges: saturation and wrap-around.
    static let extremes: [UInt8] = [0x80, 0xFF, 0x7F, 0x00]

    /// `count` byte vectors: in round 0 the extremes in turn, then random bytes.
    static func inputs(round: Int, bytes n: Int, count: Int = 3, _ rng: inout SplitMix) -> [[UInt8]] {
        (0..<count).map { i in (0..<n).map { j in round == 0 ? extremes[(i + j) % 4] : UInt8(truncatingIfNeeded: rng.next()) } }
    }

    /// Runs a kernel whose parameters point at `inputs` and then at `outputs` vectors of as many
    /// bytes (``kernel(_:picks:constantIndex:)``'s: three and one); the outputs' bytes.
    static func run(_ kernel: CPUKernel, _ inputs: [[UInt8]], outputs: Int = 1) throws -> [[UInt8]] {
        let vectors = inputs + Array(repeating: [UInt8](repeating: 0xAA, count: inputs[0].count), count: outputs)
        let buffers = vectors.map { bytes in
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = buffer.initialize(from: bytes)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        try kernel.run(buffers.map { .pointer($0.baseAddress) }, programs: 0..<1)
        return buffers.suffix(outputs).map { Array($0) }
    }

    /// A kernel that loads three byte vectors, calls `c` and stores its result as bytes.
    static func kernel(_ c: Case, picks: [Int], constantIndex: Bool = true) -> Kernel {
        let b = KernelBuilder(name: "host_\(c)", convention: .cpuGrid)
        let p = (0..<4).map { b.parameter("p\($0)", .pointer(.i8)) }
        let zero = b.constant(0, .i64), n = c.bytes
        let v = (0..<3).map { p[$0].load(zero, lanes: n) }
        let d = KType.vector(.i32, n / 4), w = KType.vector(.i16, n / 2), bytes = KType.vector(.i8, n)
        let r: Value
        switch c {
        case .pshufb: r = b.intrinsic(c.rawValue, result: bytes, [v[0], v[1]])
        case .pmaddubsw: r = b.intrinsic(c.rawValue, result: w, [v[0], v[1]])
        case .pmaddwd: r = b.intrinsic(c.rawValue, result: d, [v[0].bitcast(to: w), v[1].bitcast(to: w)])
        case .vpdpwssd, .vpdpbusd, .vpdpbusd256: r = b.intrinsic(c.rawValue, result: d, v.map { $0.bitcast(to: d) })
        case .vpermi2b:
            let index = constantIndex ? b.vector(picks.map { b.constant($0, .scalar(.i8)) }) : v[1]
            r = b.intrinsic(c.rawValue, result: bytes, [v[0], index, v[2]])
        }
        p[3].store(r.bitcast(to: bytes), at: zero)
        return b.finish()
    }

    @Test("each intrinsic, run natively or through its AVX2 stand-in, computes its definition", arguments: Case.allCases)
    func computesDefinition(_ c: Case) throws {
        try #require(HostFeatures.has(["avx2"]), "the stand-ins need AVX2")
        var rng = SplitMix(seed: UInt64(c.bytes) &* 31 &+ UInt64(c.rawValue.count))
        let picks = (0..<64).map { _ in Int(rng.next() % 128) }
        let kernel = try CPUCompiler().compile(Self.kernel(c, picks: picks))
        for round in 0..<8 {
            // Round 0: the extremes (saturation and wrap-around); then random bytes.
            let inputs = Self.inputs(round: round, bytes: c.bytes, &rng)
            let out = try Self.run(kernel, inputs)[0]
            #expect(out == Self.reference(c, inputs[0], inputs[1], inputs[2], picks: picks), "\(c) round \(round)")
        }
    }

    @Test("vpdpbusd with unsigned bytes masked below 128 (the 2-instruction stand-in) computes its definition", arguments: [64, 32])
    func dotOfMaskedBytes(bytes n: Int) throws {
        try #require(HostFeatures.has(["avx2"]), "the stand-ins need AVX2")
        let c: Case = n == 64 ? .vpdpbusd : .vpdpbusd256
        let b = KernelBuilder(name: "host_masked_\(n)", convention: .cpuGrid)
        let p = (0..<4).map { b.parameter("p\($0)", .pointer(.i8)) }
        let zero = b.constant(0, .i64), d = KType.vector(.i32, n / 4)
        let v = (0..<3).map { p[$0].load(zero, lanes: n).bitcast(to: d) }
        let masked = v[1] & b.constant(0x7F7F_7F7F, d)
        p[3].store(b.intrinsic(c.rawValue, result: d, [v[0], masked, v[2]]).bitcast(to: .vector(.i8, n)), at: zero)
        let kernel = b.finish()
        if !HostFeatures.has(["avx512vnni"]) {
            #expect(try CPUCompiler().llvmIR(kernel, optimized: false).contains("@llvm.x86.avx2.pmadd.ub.sw"))
        }
        let compiled = try CPUCompiler().compile(kernel)
        var rng = SplitMix(seed: UInt64(n))
        for round in 0..<8 {
            // Round 0: the extremes (127 × −128 pairs, the largest sums pmaddubsw could see).
            let inputs = Self.inputs(round: round, bytes: n, &rng)
            let out = try Self.run(compiled, inputs)[0]
            #expect(out == Self.reference(c, inputs[0], inputs[1].map { $0 & 0x7F }, inputs[2], picks: []), "round \(round)")
        }
    }

    /// The kernels' offset form: `vpdpbusd(X − (vpdpbusd(0, 1…1, s) << k), u, s)` for weights
    /// stored as `q + 2^k`, with `u` masked to `mask` (`flip`: then xor 0x80, as Q8_0), also with
    /// the sums of two activation vectors shifted together and the dot products chained (as the
    /// 32-value block kernels do). The AVX2 stand-in computes `X + Σ (u − 2^k)·s` directly where
    /// `k = 7` or `u` is below 128; the last two cases are outside that and must not take it.
    @Test("vpdpbusd after an offset by shifted activation sums (the fused stand-in) computes its definition",
          arguments: [(64, 3, 0x0F, false), (32, 3, 0x0F, false), (64, 5, 0x3F, false), (32, 5, 0x3F, false),
                      (64, 6, 0x7F, false), (32, 3, 0x7F, false), (64, 7, 0xFF, true), (32, 7, 0xFF, true),
                      (64, 7, 0xFF, false), (64, 6, 0xFF, false), (32, 4, 0x7F, true)])
    func dotAfterOffset(bytes n: Int, shift k: Int, mask: Int, flip: Bool) throws {
        try #require(HostFeatures.has(["avx2"]), "the stand-ins need AVX2")
        let c: Case = n == 64 ? .vpdpbusd : .vpdpbusd256
        let b = KernelBuilder(name: "host_offset_\(n)_\(k)_\(mask)_\(flip)", convention: .cpuGrid)
        let p = (0..<6).map { b.parameter("p\($0)", .pointer(.i8)) }
        let zero = b.constant(0, .i64), d = KType.vector(.i32, n / 4), bytes = KType.vector(.i8, n)
        let v = (0..<4).map { p[$0].load(zero, lanes: n) }  // X, u, s, second s
        var u = v[1] & b.constant(mask, bytes)
        if flip { u = u ^ b.constant(-128, bytes) }
        let ones = b.constant(1, bytes).bitcast(to: d), nothing = b.constant(0, d)
        let sums = [v[2], v[3]].map { b.intrinsic(c.rawValue, result: d, [nothing, ones, $0.bitcast(to: d)]) }
        let single = b.intrinsic(c.rawValue, result: d, [v[0].bitcast(to: d) - (sums[0] << k), u.bitcast(to: d), v[2].bitcast(to: d)])
        let start = v[0].bitcast(to: d) - ((sums[0] + sums[1]) << k)
        let inner = b.intrinsic(c.rawValue, result: d, [start, u.bitcast(to: d), v[2].bitcast(to: d)])
        let chained = b.intrinsic(c.rawValue, result: d, [inner, u.bitcast(to: d), v[3].bitcast(to: d)])
        p[4].store(single.bitcast(to: bytes), at: zero)
        p[5].store(chained.bitcast(to: bytes), at: zero)
        let kernel = b.finish()
        if !HostFeatures.has(["avx512vnni"]) {
            // Fused: no widening of the bytes to words (its `lshr` by 8); for k ≤ 6, the offset
            // subtracted from the pmaddubsw words.
            let fused = k == 7 || (mask < 128 && !flip)
            let ir = try CPUCompiler().llvmIR(kernel, optimized: false)
            #expect(ir.contains("lshr <\(n / 2) x i16>") == !fused)
            #expect(ir.contains("sub <16 x i16>") == (fused && k < 7))
        }
        let compiled = try CPUCompiler().compile(kernel)
        var rng = SplitMix(seed: UInt64(n * 100 + k))
        // First each vector filled with one of the extremes, in all 4⁴ combinations (pairs of
        // 0x80 against 0x80 reach −2¹⁵ in the k = 7 form); then the extremes in turn and random bytes.
        for round in 0..<(256 + 8) {
            let inputs = round < 256 ? (0..<4).map { i in [UInt8](repeating: Self.extremes[round >> (2 * i) & 3], count: n) }
                                     : Self.inputs(round: round - 256, bytes: n, count: 4, &rng)
            let out = try Self.run(compiled, inputs, outputs: 2)
            let us = inputs[1].map { ($0 & UInt8(mask)) ^ (flip ? 0x80 : 0) }
            let ones = [UInt8](repeating: 1, count: n), none = [UInt8](repeating: 0, count: n)
            let sum = [inputs[2], inputs[3]].map { s in
                let lanes = Self.reference(c, none, ones, s, picks: [])
                return (0..<n / 4).map { Self.dword(lanes, $0) }
            }
            let start = (0..<n / 4).map { Self.dword(inputs[0], $0) &- ((sum[0][$0] &+ sum[1][$0]) << k) }
            let single = (0..<n / 4).map { Self.dword(inputs[0], $0) &- (sum[0][$0] << k) }
            let inner = Self.reference(c, Self.bytes(start.map { Int($0) }, width: 4), us, inputs[2], picks: [])
            #expect(out[0] == Self.reference(c, Self.bytes(single.map { Int($0) }, width: 4), us, inputs[2], picks: []), "single, round \(round)")
            #expect(out[1] == Self.reference(c, inner, us, inputs[3], picks: []), "chained, round \(round)")
        }
    }

    @Test("vpermi2b with a variable index, on a host without VBMI, is refused by name")
    func variablePermuteRefused() throws {
        let kernel = Self.kernel(.vpermi2b, picks: [], constantIndex: false)
        // LLVM IR needs no code generation: every host prints it.
        #expect(try CPUCompiler().llvmIR(kernel, optimized: false).contains("@llvm.x86.avx512.vpermi2var.qi.512"))
        if HostFeatures.has(["avx512vbmi"]) {
            _ = try CPUCompiler().compile(kernel)
        } else {
            #expect(throws: CompilerError.unsupportedByHost(kernel: kernel.name, intrinsic: Case.vpermi2b.rawValue,
                                                             feature: "avx512vbmi", cpu: HostFeatures.cpu)) {
                _ = try CPUCompiler().compile(kernel)
            }
            #expect(throws: CompilerError.self) { _ = try CPUCompiler().assembly(kernel) }
        }
    }
}

/// SplitMix64, the tests' seeded generator.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
