import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `gptq-gemv-mma`: the tensor-core GPTQ GEMV (`Kernels/GPU/GPTQGPUGEMV`) against a float64
/// reference from `GPTQWeight.dequantize()`, on fresh random data with ragged shapes
/// (N = 1000, K = 1024 + 128 and K not a multiple of the 32-value K block), every supported
/// layout (2/4/8-bit; group −1/32/64/128; symmetric, v1, v2), M from 1 to 16, NaN-poisoned
/// outputs; then 20 runs of one input must give bitwise-identical outputs.
enum GEMVMMACheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func generator(_ layout: GPTQLayout) -> GPTQGPUGEMV {
        GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu))
    }

    /// Every layout the generator supports.
    static var layouts: [GPTQLayout] {
        [4, 8, 2].flatMap { bits in
            [128, -1, 32, 64].flatMap { g in
                GPTQZeroPoints.allCases.compactMap { z -> GPTQLayout? in
                    let layout = GPTQLayout(bits: bits, groupSize: g, zeroPoints: z)
                    return (try? generator(layout).validate(GPUGEMVConfig())) == nil ? nil : layout
                }
            }
        }
    }

    /// A compiled variant, cached per (layout, config).
    final class Modules {
        var functions: [String: CUDAFunction] = [:]
        func function(_ g: GPTQGPUGEMV, _ c: GPUGEMVConfig, context: CUDAContext, gpu: GPUArchitecture) throws -> CUDAFunction {
            let name = g.variantName(c)
            if let f = functions[name] { return f }
            let kernel = try g.emit(c)
            let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX))
            let f = try CUDAModule(context: context, ptx: ptx).function(named: name)
            functions[name] = f
            return f
        }
    }

    /// Random packed weights (`k × n`, no act-order) and their f16 scales, from a fast generator.
    static func weight(_ layout: GPTQLayout, k: Int, n: Int, _ random: inout SplitMix) -> (GPTQWeight, scaleBits: [UInt16]) {
        let top = UInt64(layout.maxQuantized)
        let groups = layout.groupCount(k: k)
        let q = (0..<(k * n)).map { _ in Int(random.next() % (top + 1)) }
        let lowestZero: UInt64 = layout.zeroPoints == .v1 ? 1 : 0  // v1 stores the zero point minus one
        let zeros = (0..<(groups * n)).map { _ in Int(lowestZero + random.next() % (top + 1 - lowestZero)) }
        let scales = (0..<(groups * n)).map { _ in Float(Float16(Float(random.next() % 1000 + 1) / 20000)) }
        let packed = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: zeros, scales: scales, gIdx: [])
        return (packed, scales.map { Float16($0).bitPattern })
    }

    /// Runs one case; returns the relative error ‖y − ref‖ / ‖ref‖, or throws on a mismatch.
    /// With `repeats > 1`, also checks that every repeat gives the same bits.
    @discardableResult
    static func run(_ layout: GPTQLayout, _ c: GPUGEMVConfig, m: Int, n: Int, k: Int, repeats: Int = 1,
                    modules: Modules, context: CUDAContext, gpu: GPUArchitecture) throws -> Double {
        let g = generator(layout)
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) {
            throw Failure(description: "\(g.variantName(c)) \(m)×\(n)×\(k): \(problem)")
        }
        let function = try modules.function(g, c, context: context, gpu: gpu)
        var random = SplitMix()
        let (packed, scaleBits) = weight(layout, k: k, n: n, &random)
        let w = packed.dequantize()
        let x = (0..<(m * k)).map { _ in Float16(Float(Int(random.next() % 2001) - 1000) / 1000) }
        let input = try DeviceBuffer(context: context, copying: x)
        let qweight = try DeviceBuffer(context: context, copying: g.weightWords(packed.qweight, n: n, config: c))
        let qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
        let scales = try DeviceBuffer(context: context, copying: scaleBits)
        let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
        let y = try DeviceBuffer<Float16>(context: context, count: m * n)
        let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
        try counters.fill(byte: 0)
        var first: [UInt16] = []
        for repeat_ in 0..<repeats {
            try y.fill(byte: 0xFF)  // NaN: an unwritten output cannot pass
            try function.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads),
                                arguments: input, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k),
                                workspace, counters)
            try context.synchronize()
            let bits = try y.toArray().map(\.bitPattern)
            if repeat_ == 0 {
                first = bits
            } else if bits != first {
                let differing = zip(bits, first).filter { $0 != $1 }.count
                throw Failure(description: "\(g.variantName(c)) \(m)×\(n)×\(k): run \(repeat_) differs from run 0 in \(differing) outputs")
            }
        }
        let got = first.map { Double(Float(Float16(bitPattern: $0))) }
        return try compare(got, x: x.map { Double(Float($0)) }, w: w, m: m, n: n, k: k, name: g.variantName(c)) { _ in 0 }
    }

    /// Compares `got[m, n]` with `x · W` in float64 (`x[m, k]`, `W[k, n]`): every output within
    /// `1e-3·Σ|x·w| + extra(reference) + 1e-6` (`extra`: an output type's rounding, e.g. bf16's
    /// `|ref|/256`); returns ‖got − ref‖/‖ref‖.
    static func compare(_ got: [Double], x: [Double], w: [Float], m: Int, n: Int, k: Int, name: String,
                        extra: (Double) -> Double) throws -> Double {
        try GEMMActivations.compare(got, x: x, w: w, m: m, n: n, k: k, name: "\(name) \(m)×\(n)×\(k)") { magnitude, reference in
            1e-3 * magnitude + extra(reference) + 1e-6
        }.relative
    }

    /// The cases: every layout at two M per row bound, ragged K where the group allows it,
    /// and every candidate config of the benchmarked layout.
    static func cases() -> [(GPTQLayout, GPUGEMVConfig, m: Int, n: Int, k: Int)] {
        var list: [(GPTQLayout, GPUGEMVConfig, m: Int, n: Int, k: Int)] = []
        let small = GPUGEMVConfig(), wide = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 4, prefetch: false)
        let split = GPUGEMVConfig(maxRows: 16, warps: 6, columnWords: 1, unrollK: 2, prefetch: true, splits: 3)
        // cp.async rings: staged activations (zero-filled past K and M), and a split-K ring of
        // two column words with the L2 hint and activations in registers.
        let ring = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4)
        let splitRing = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, splits: 2, l2Prefetch: true, stages: 3,
                                      stagedActivations: false)
        let magic = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, l2Prefetch: true, registerMagic: true)
        // Activations staged per block: 4 column warps × 2 K warps with split-K, and 2 × 3 with
        // fewer copies than threads (a guarded copy) and three stages.
        let tiled = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: 2, columnWarps: 4, activationStages: 2)
        let tiledSmall = GPUGEMVConfig(maxRows: 8, warps: 6, unrollK: 1, prefetch: false, columnWarps: 2, activationStages: 3)
        // Early loads one and two bodies ahead (plain loads before the chunk's barrier), with split-K.
        let (tiledEarly, tiledEarly2) = (early(tiled, bodies: 1), early(tiled, bodies: 2))
        // Interleaved words in 32-column strips: a register schedule of two column words and the
        // early-load staged one (N = 1000: the last strip is 8 columns wide).
        let (wideStrips, tiledEarlyStrips) = (strips(wide), strips(tiledEarly))
        // Words as packed in strips (8-bit GPTQ, FP8): a register schedule with split-K and one of
        // two column words.
        let (splitPackedStrips, widePackedStrips) = (stripsOnly(split), stripsOnly(wide))
        for layout in layouts {
            list.append((layout, splitPackedStrips, 12, 1000, 1152))
            list.append((layout, widePackedStrips, 16, 1000, 1152))
            list.append((layout, small, 1, 1000, 1152))
            list.append((layout, wide, 16, 1000, 1152))
            list.append((layout, wide, 11, 1000, 1152))
            list.append((layout, split, 9, 1000, 1152))
            list.append((layout, ring, 3, 1000, 1152))
            list.append((layout, splitRing, 14, 1000, 1152))
            list.append((layout, magic, 12, 1000, 1152))
            list.append((layout, tiled, 16, 1000, 1152))
            list.append((layout, tiled, 10, 1000, 1152))
            list.append((layout, tiledSmall, 4, 1000, 1152))
            list.append((layout, tiledEarly, 13, 1000, 1152))
            list.append((layout, tiledEarly2, 16, 1000, 1152))
            list.append((layout, wideStrips, 15, 1000, 1152))
            list.append((layout, tiledEarlyStrips, 11, 1000, 1152))
            if layout.groupSize == -1 {
                // K not a multiple of the K block: 1000 values = 125 (4-bit) words.
                let k = layout.bits == 2 ? 1008 : 1000
                list.append((layout, small, 5, 1000, k))
                list.append((layout, ring, 6, 1000, k))
                list.append((layout, splitRing, 16, 1000, k))
                list.append((layout, tiled, 15, 1000, k))
                list.append((layout, tiledSmall, 8, 1000, k))
                list.append((layout, tiledEarly2, 7, 1000, k))
                list.append((layout, tiledEarlyStrips, 6, 1000, k))
                list.append((layout, splitPackedStrips, 10, 1000, k))
            }
        }
        // Every layout's picks for the benchmarked shapes (2- and 8-bit f16 have their own since the eleventh
        // session), on the ragged shape.
        for layout in layouts {
            for c in generator(layout).benchmarkedPicks { list.append((layout, c, c.maxRows == 8 ? 5 : 15, 1000, 1152)) }
        }
        let bench = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        for c in generator(bench).candidateConfigs {
            list.append((bench, c, c.maxRows == 8 ? 7 : 13, 1000, 1152))
        }
        return list
    }

    /// A few cases for `compute-sanitizer --tool memcheck` and `--tool racecheck` (every code
    /// path: bit widths, zero kinds, ragged K, both row bounds, split-K, the L2 hint, the
    /// `cp.async` rings with staged and register activations, interleaved words with two bodies
    /// per iteration on both prefetching paths, early loads one and two bodies ahead, words in
    /// strips, interleaved or as packed, 7 column warps).
    static let memcheck = CUDASelfTest.Check("gptq-gemv-mma-memcheck") { context in
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let modules = Modules()
        let configs = [GPUGEMVConfig(), GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 4, prefetch: false),
                       GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3),
                       GPUGEMVConfig(warps: 12, unrollK: 2, prefetch: true, splits: 2, l2Prefetch: gpu == .sm_90),
                       GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4),
                       GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, splits: 2, l2Prefetch: gpu == .sm_90, stages: 3,
                                     stagedActivations: false),
                       GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: 2, columnWarps: 4, activationStages: 2),
                       GPUGEMVConfig(maxRows: 8, warps: 6, unrollK: 1, prefetch: false, columnWarps: 2, activationStages: 3),
                       paired(interleaved(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, registerMagic: true, minBlocks: 2))),
                       paired(interleaved(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: 2, registerMagic: true, columnWarps: 4,
                                                        activationStages: 2, minBlocks: 2))),
                       early(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: 2, columnWarps: 4, activationStages: 2), bodies: 1),
                       early(GPUGEMVConfig(maxRows: 8, warps: 6, unrollK: 1, splits: 3, l2Prefetch: gpu == .sm_90, columnWarps: 2,
                                           activationStages: 3), bodies: 2),
                       strips(GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, splits: 2, registerMagic: true)),
                       stripsOnly(GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3)),
                       // 7 column warps: more warps than the other configs, the staging loop guarded.
                       early(interleaved(GPUGEMVConfig(maxRows: 16, warps: 14, unrollK: 2, splits: 2, registerMagic: true, columnWarps: 7,
                                                       activationStages: 2)), bodies: 1)]
        let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 8, groupSize: -1),
                       GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2), GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v2)]
        var count = 0
        for layout in layouts {
            for (index, c) in configs.enumerated() {
                let k = layout.groupSize == -1 ? (layout.bits == 2 ? 1008 : 1000) : 1152
                try run(layout, c, m: [1, 16, 9, 5, 7, 13, 14, 3, 11, 16, 15, 6, 12, 10, 16][index], n: 1000, k: k, modules: modules, context: context, gpu: gpu)
                count += 1
            }
        }
        return "\(count) cases match the float64 reference"
    }

    static func interleaved(_ c: GPUGEMVConfig) -> GPUGEMVConfig {
        var d = c
        d.interleavedWords = true
        return d
    }

    /// `c` with its next loads issued `bodies` chunks ahead before the barrier (``GPUGEMVConfig/earlyBodies``).
    static func early(_ c: GPUGEMVConfig, bodies: Int) -> GPUGEMVConfig {
        var d = c
        d.earlyBodies = bodies
        return d
    }

    /// `c` with its words as packed in 32-column strips (``GPUGEMVConfig/tiledWords``, no interleaving).
    static func stripsOnly(_ c: GPUGEMVConfig) -> GPUGEMVConfig {
        var d = c
        d.tiledWords = true
        return d
    }

    /// `c` with interleaved words in 32-column strips (``GPUGEMVConfig/tiledWords``).
    static func strips(_ c: GPUGEMVConfig) -> GPUGEMVConfig { stripsOnly(interleaved(c)) }

    static func paired(_ c: GPUGEMVConfig) -> GPUGEMVConfig {
        var d = c
        d.pairedBodies = true
        return d
    }

    /// `gptq-gemv-mma-candidates`: only the candidate configs, on the two benchmarked layouts
    /// (4-bit g128 v1 and symmetric), at M = 7 (8-row configs) or 13 and the ragged 1000 × 1152:
    /// the quick check for a run that re-tunes schedules.
    static let candidates = CUDASelfTest.Check("gptq-gemv-mma-candidates") { context in
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let modules = Modules()
        var worst = 0.0, count = 0
        for layout in [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128)] {
            for c in generator(layout).candidateConfigs {
                worst = max(worst, try run(layout, c, m: c.maxRows == 8 ? 7 : 13, n: 1000, k: 1152, modules: modules, context: context, gpu: gpu))
                count += 1
            }
        }
        return "\(count) cases match the float64 reference (worst ‖y − ref‖/‖ref‖ \(worst))"
    }

    /// Every candidate's PTX for the two benchmarked layouts (4-bit g128 v1 and symmetric), f16 and
    /// bf16 activations, for `--dump-ptx`.
    static func ptxFiles(gpu: GPUArchitecture) throws -> [(name: String, ptx: String)] {
        try [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128)].flatMap { layout in
            try [ScalarType.f16, .bf16].flatMap { activation in
                let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
                return try g.candidateConfigs.map { c in
                    (g.variantName(c), try PTXCompiler().ptx(try g.emit(c), gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX)))
                }
            }
        }
    }

    static let check = CUDASelfTest.Check("gptq-gemv-mma") { context in
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let modules = Modules()
        var failed: [String] = [], worst = 0.0, passed = 0
        for (layout, c, m, n, k) in cases() {
            do {
                worst = max(worst, try run(layout, c, m: m, n: n, k: k, modules: modules, context: context, gpu: gpu))
                passed += 1
            } catch {
                failed.append("\(error)")
            }
        }
        // Determinism: 20 runs of one input, bit for bit.
        do {
            for c in [GPUGEMVConfig(maxRows: 16, warps: 8, columnWords: 1, unrollK: 4),
                      GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, prefetch: true, splits: 4)] {
                try run(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), c,
                        m: 16, n: 4096, k: 4096, repeats: 20, modules: modules, context: context, gpu: gpu)
            }
        } catch {
            failed.append("determinism: \(error)")
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(failed.count + passed) cases failed:\n  " + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(passed) cases (\(layouts.count) layouts, \(modules.functions.count) variants, \(gpu)) match the float64 reference "
            + "(worst ‖y − ref‖/‖ref‖ \(worst)); 20 runs at 16×4096×4096 bitwise identical (with and without split-K)"
    }
}
