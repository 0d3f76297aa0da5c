import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// The decode GEMV's dependent launch (`GPUGEMVConfig.dependentLaunch`, sm_90):
///
/// - `gptq-gemv-dependent-launch`: every dependent config (`GPTQGPUGEMV.dependentConfigs` plus a
///   split-K and a no-prefetch one) against the float64 reference on ragged shapes, then chains
///   of dependent launches — launch `i` reads the output of launch `i − 1` (a square weight,
///   N = K) — launched with programmatic stream serialization, whose every output must equal,
///   bit for bit, the same chain launched plainly and the chain of the config without `d`. The
///   chain buffers start as NaN, so a kernel that read its input before its predecessor finished
///   would not match.
/// - `--bench-gemv-pdl`: at the decode shapes, the preferred config per launch (events) and in a
///   graph of back-to-back launches, beside its `d` twin in a graph of plain launches and of
///   dependent launches, and dependent launches back to back between one pair of events.
enum GEMVDependentLaunch {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128),
                          GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v2), GPTQLayout(bits: 8, groupSize: 128)]

    static func configs(_ g: GPTQGPUGEMV) -> [GPUGEMVConfig] {
        g.dependentConfigs + [
            GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3, dependentLaunch: true),
            GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 4, prefetch: false, registerMagic: true, dependentLaunch: true),
        ]
    }

    static func plain(_ c: GPUGEMVConfig) -> GPUGEMVConfig {
        var p = c
        p.dependentLaunch = false
        return p
    }

    static let check = CUDASelfTest.Check("gptq-gemv-dependent-launch") { context in
        guard context.device.computeCapability >= .init(major: 9, minor: 0) else {
            return "skipped: griddepcontrol needs sm_90 (device is \(context.device.computeCapability))"
        }
        let modules = GEMVMMACheck.Modules()
        var worst = 0.0, single = 0, chains = 0
        for layout in layouts {
            let g = GEMVMMACheck.generator(layout)
            let k = layout.groupSize == -1 ? 1000 : 1152
            for c in configs(g) {
                for m in c.maxRows == 8 ? [1, 7] : [11, 16] {
                    worst = max(worst, try GEMVMMACheck.run(layout, c, m: m, n: 1000, k: k, modules: modules, context: context, gpu: .sm_90))
                    single += 1
                }
                // Each link multiplies magnitudes by up to ~15–20 for 4-bit weights (the mean of q − z
                // times K·scale; the random part adds √K·rms(w) ≈ 6) and ~75 for 8-bit: activations of
                // ±0.001 and 4 (3) links stay far from f16's 65504 (6 links from ±0.01 reached inf).
                try chain(layout, c, m: c.maxRows == 8 ? 3 : 16, size: 1152, links: layout.bits == 8 ? 3 : 4, modules: modules, context: context)
                chains += 1
            }
        }
        return "\(single) single launches match the float64 reference (worst ‖y − ref‖/‖ref‖ \(worst)); \(chains) chains of 3–4 dependent "
            + "launches (N = K = 1152, \(layouts.count) layouts) equal the plain chains and the configs without `d` bit for bit"
    }

    /// Runs `links` launches, each reading the previous output, three ways, and compares every output.
    static func chain(_ layout: GPTQLayout, _ c: GPUGEMVConfig, m: Int, size: Int, links: Int,
                      modules: GEMVMMACheck.Modules, context: CUDAContext) throws {
        let g = GEMVMMACheck.generator(layout)
        var random = SplitMix()
        let (packed, scaleBits) = GEMVMMACheck.weight(layout, k: size, n: size, &random)
        let qweight = try DeviceBuffer(context: context, copying: g.weightWords(packed.qweight, n: size, config: c))
        let qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
        let scales = try DeviceBuffer(context: context, copying: scaleBits)
        let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
        let x = (0..<(m * size)).map { _ in Float16(Float(Int(random.next() % 2001) - 1000) / 1_000_000) }
        let stream = try CUDAStream(context: context)
        func run(_ config: GPUGEMVConfig, dependent: Bool) throws -> [[UInt16]] {
            let function = try modules.function(g, config, context: context, gpu: .sm_90)
            let buffers = try (0...links).map { _ in try DeviceBuffer<Float16>(context: context, count: m * size) }
            for buffer in buffers.dropFirst() { try buffer.fill(byte: 0xFF) }  // NaN until written
            try buffers[0].copy(from: x)
            let workspace = try DeviceBuffer<Float>(context: context, count: config.workspaceFloats(n: size))
            let counters = try DeviceBuffer<Int32>(context: context, count: config.counterCount(n: size))
            try counters.fill(byte: 0)
            try context.synchronize()
            for i in 0..<links {
                try function.launch(grid: Dim3(config.columnTiles(n: size), config.splits), block: Dim3(config.threads), stream: stream,
                                    arguments: [buffers[i], qweight, qzeros, scales, gIdx, buffers[i + 1], Int64(m), Int64(size), Int64(size),
                                                workspace, counters],
                                    dependentLaunch: dependent)
            }
            try stream.synchronize()
            return try buffers.dropFirst().map { try $0.toArray().map(\.bitPattern) }
        }
        let overlapped = try run(c, dependent: true)
        let name = "\(g.variantName(c)) chain M = \(m)"
        for (label, reference) in [("plain launches", try run(c, dependent: false)), ("\(plain(c))", try run(plain(c), dependent: false))] {
            for (link, (a, b)) in zip(overlapped, reference).enumerated() where a != b {
                throw Failure(description: "\(name): output \(link + 1) differs from \(label) in \(zip(a, b).filter { $0 != $1 }.count) of \(a.count) values")
            }
        }
        let last = overlapped[links - 1].map { Float(Float16(bitPattern: $0)) }
        guard last.allSatisfy(\.isFinite), last.contains(where: { $0 != 0 }) else {
            throw Failure(description: "\(name): the last output is not finite and non-zero")
        }
    }
}
