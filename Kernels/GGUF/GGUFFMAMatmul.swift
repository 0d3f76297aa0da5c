import KernelIR
import Quantization

/// Emits `y = x · Wᵀ` by dequantizing weights (or converting F16/BF16) to f32 in registers: each 32-value chunk of a
/// weight row becomes two 16-lane f32 vectors (`q · d + bias`, the scales decoded once per
/// block or super-block) that every activation row of the tile reuses with two FMAs.
///
/// Kernel parameters: `x` (f32 `[M][K]`), `w` (GGUF bytes, `N` rows), `y` (f32 `[M][N]`), then
/// `m`, `n`, `k` (i64).
struct GGUFFMAMatmul {
    let spec: GGUFMatmulSpec
    let config: GGUFTileConfig
    let b: KernelBuilder
    let e: GGUFEmit

    init(spec: GGUFMatmulSpec, config: GGUFTileConfig, builder: KernelBuilder) {
        self.spec = spec
        self.config = config
        b = builder
        e = GGUFEmit(b: builder)
    }

    func emit() {
        let x = b.parameter("x", .pointer(.f32)), w = b.parameter("w", .pointer(.i8)), y = b.parameter("y", .pointer(.f32))
        let m = b.parameter("m", .i64), n = b.parameter("n", .i64), k = b.parameter("k", .i64)
        let v = spec.valuesPerBlock, bpb = spec.bytesPerBlock
        let blocks = k / v
        let decoder = GGUFFMADecoder(type: spec.type, e: e)
        GGUFTileWalk(config: config, m: m, n: n).emit(b, y: y) { rows, cols in
            let zero = e.splat(0, .f32, 16)
            let acc = rows.map { _ in cols.map { _ in b.variable(zero) } }
            let weights = cols.map { w.offset($0 * (blocks * bpb)) }
            b.loop(e.i64(0), blocks, unroll: .count(config.unrollK)) { block in
                let states = weights.map { decoder.prepare($0.offset(block * bpb)) }
                for c in 0..<(v / 32) {
                    let chunks = states.map { decoder.chunk($0, c) }
                    for (r, row) in rows.enumerated() {
                        let base = row * k + block * v + c * 32
                        let xs = [x.load(base, lanes: 16), x.load(base + 16, lanes: 16)]
                        for t in cols.indices {
                            acc[r][t].set(chunks[t][1].fma(xs[1], chunks[t][0].fma(xs[0], acc[r][t].value)))
                        }
                    }
                }
            }
            return acc.map { $0.map { $0.value.reduceAdd() } }
        }
    }
}

/// Decodes GGUF blocks to f32 for ``GGUFFMAMatmul``: ``prepare(_:)`` reads a block's scales,
/// ``chunk(_:_:)`` dequantizes its 32-value chunk `c` into two 16-lane vectors.
struct GGUFFMADecoder {
    let type: GGMLType
    let e: GGUFEmit

    /// The block pointer and its decoded scale vectors.
    struct State { let block: Value; let scales: [Value] }

    func scale(_ block: Value, _ offset: Int) -> Value {
        block.load(e.i64(offset), lanes: 2).bitcast(to: .f16).convert(.f32)
    }

    func bytes(_ block: Value, _ offset: Int, signed: Bool = false) -> Value {
        block.load(e.i64(offset), lanes: 16).convert(.i32, unsigned: !signed)
    }

    func prepare(_ block: Value) -> State {
        switch type {
        case .f32, .f16, .bf16: return State(block: block, scales: [])
        case .q4_0:
            let d = scale(block, 0)
            return State(block: block, scales: [d.splat(16), (d * -8).splat(16)])
        case .q4_1, .q5_1: return State(block: block, scales: [scale(block, 0).splat(16), scale(block, 2).splat(16)])
        case .q5_0:
            let d = scale(block, 0)
            return State(block: block, scales: [d.splat(16), (d * -16).splat(16)])
        case .iq4_NL: return State(block: block, scales: [scale(block, 0).splat(16)])
        case .q8_0: return State(block: block, scales: [scale(block, 0).splat(16)])
        case .q4_K, .q5_K:
            let (sc, mins) = GGUFKScales.q4K(block.load(e.i64(4), lanes: 12), e: e)
            return State(block: block, scales: [sc * scale(block, 0).splat(8), -(mins * scale(block, 2).splat(8))])
        case .iq4_XS:
            return State(block: block, scales: GGUFKScales.iq4XS(block, e: e, d: scale(block, 0)))
        case .q2_K:
            let sc = block.load(e.i64(0), lanes: 16)
            return State(block: block, scales: [(sc & 15).convert(.f32, unsigned: true) * scale(block, 80).splat(16),
                                                -((e.shiftBytesRight(sc, 4) & 15).convert(.i32, unsigned: true).convert(.f32) * scale(block, 82).splat(16))])
        case .q3_K:
            return State(block: block, scales: [GGUFKScales.q3K(block.load(e.i64(96), lanes: 12), e: e) * scale(block, 108).splat(16)])
        case .q6_K:
            let sc = block.load(e.i64(192), lanes: 16).convert(.f32) * scale(block, 208).splat(16)
            return State(block: block, scales: [sc])
        default: fatalError("GGUFFMADecoder: no decoder for \(type.name)")
        }
    }

    func chunk(_ s: State, _ c: Int) -> [Value] {
        switch type {
        case .f32: return [0, 64].map { s.block.load(e.i64($0), lanes: 64).bitcast(to: .vector(.f32, 16)) }
        case .f16: return [0, 32].map { s.block.load(e.i64($0), lanes: 32).bitcast(to: .vector(.f16, 16)).convert(.f32) }
        case .bf16:
            // bf16 is the top half of an f32.
            return [0, 32].map {
                (s.block.load(e.i64($0), lanes: 32).bitcast(to: .vector(.i16, 16)).convert(.i32, unsigned: true) << 16)
                    .bitcast(to: .vector(.f32, 16))
            }
        case .q4_0, .q4_1:
            let q = bytes(s.block, type == .q4_0 ? 2 : 4)
            return [(q & 15).convert(.f32).fma(s.scales[0], s.scales[1]), (q >> 4).convert(.f32).fma(s.scales[0], s.scales[1])]
        case .q5_0, .q5_1:
            let small = GGUFSmallBlock(type)
            let q = bytes(s.block, small.quants)
            let qh = s.block.load(e.i64(small.highBits!), lanes: 4).bitcast(to: .i32).splat(16)
            return [(q & 15, 0), (q >> 4, 16)].map { nibble, first in
                let fifth = ((qh >> e.constants(Array(first..<(first + 16)), .i32)) & 1) << 4
                return (nibble | fifth).convert(.f32).fma(s.scales[0], s.scales[1])
            }
        case .iq4_NL:
            let q = s.block.load(e.i64(2), lanes: 16)
            return [q & 15, e.shiftBytesRight(q, 4) & 15].map {
                e.lookup(GGUFSmallBlock.codebookValues, $0).convert(.i32).convert(.f32) * s.scales[0]
            }
        case .q8_0:
            return [0, 16].map { bytes(s.block, 2 + $0, signed: true).convert(.f32) * s.scales[0] }
        case .q4_K, .q5_K:
            // Chunk c is sub-block c: bytes 16 (Q5_K: 48) + 32·(c/2) …, low nibbles for even c;
            // Q5_K's fifth bit of value l is bit c of qh[l] (bytes 16…47).
            let dl = s.scales[0].extract(c).splat(16), ml = s.scales[1].extract(c).splat(16)
            return [0, 16].map { half in
                let q = bytes(s.block, (type == .q5_K ? 48 : 16) + 32 * (c / 2) + half)
                var v = c % 2 == 0 ? q & 15 : q >> 4
                if type == .q5_K { v = v | (((bytes(s.block, 16 + half) >> c) & 1) << 4) }
                return v.convert(.f32).fma(dl, ml)
            }
        case .q2_K, .q3_K:
            // Value 32c + l: 2-bit plane c % 4 of byte 32·(c / 4) + l of the quants (Q2_K at 16,
            // Q3_K at 32); Q3_K adds 4 when bit c of hmask[l] is set, then subtracts 4.
            return [0, 16].map { half in
                var q = (bytes(s.block, (type == .q2_K ? 16 : 32) + 32 * (c / 4) + half) >> (2 * (c % 4))) & 3
                let scaleIndex = 2 * c + half / 16
                if type == .q3_K {
                    q = (q | (((bytes(s.block, half) >> c) & 1) << 2)) - 4
                    return q.convert(.f32) * s.scales[0].extract(scaleIndex).splat(16)
                }
                return q.convert(.f32).fma(s.scales[0].extract(scaleIndex).splat(16), s.scales[1].extract(scaleIndex).splat(16))
            }
        case .iq4_XS:
            // Sub-block c: 16 bytes at 8 + 16c, low nibbles values 0…15, high 16…31.
            let q = s.block.load(e.i64(8 + 16 * c), lanes: 16)
            let dl = s.scales[0].extract(c).splat(16)
            return [q & 15, e.shiftBytesRight(q, 4) & 15].map {
                e.lookup(GGUFSmallBlock.codebookValues, $0).convert(.i32).convert(.f32) * dl
            }
        case .q6_K:
            // Value o = 128h + 32j + l: low 4 bits from ql[64h + 32(j&1) + l] >> 4(j>>1),
            // high 2 bits from qh[32h + l] >> 2j; scale index o / 16.
            let h = c / 4, j = c % 4
            return [0, 16].map { half in
                let low = (bytes(s.block, 64 * h + 32 * (j & 1) + half) >> (4 * (j >> 1))) & 15
                let high = ((bytes(s.block, 128 + 32 * h + half) >> (2 * j)) & 3) << 4
                let q = (low | high) - 32
                return q.convert(.f32) * s.scales[0].extract(8 * h + 2 * j + half / 16).splat(16)
            }
        default: fatalError("GGUFFMADecoder: no decoder for \(type.name)")
        }
    }
}

/// The 6-bit scales and mins of the eight sub-blocks of a Q4_K super-block
/// (`get_scale_min_k4`), decoded as `<8 x f32>` vectors from the 12 scale bytes.
enum GGUFKScales {
    static func q4K(_ s: Value, e: GGUFEmit) -> (scales: Value, mins: Value) {
        let a = s.permute([0, 1, 2, 3, 8, 9, 10, 11])
        let bb = s.permute([4, 5, 6, 7, 8, 9, 10, 11])
        let c = s.permute([0, 1, 2, 3, 0, 1, 2, 3])
        let d = s.permute([4, 5, 6, 7, 4, 5, 6, 7])
        let first = e.mask(8) { $0 < 4 }
        let sc = first.select(a & 63, (a & 15) | ((c >> 6) << 4))
        let mins = first.select(bb & 63, (bb >> 4) | ((d >> 6) << 4))
        return (sc.convert(.f32, unsigned: true), mins.convert(.f32, unsigned: true))
    }

    /// The eight sub-block scales of an IQ4_XS super-block, `d · (ls − 32)`, as `[<8 x f32>]`:
    /// `ls` = nibble `s % 2` of `scales_l[s / 2]` (bytes 4…7) | bits `2s…2s+1` of `scales_h`
    /// (bytes 2…3) << 4.
    static func iq4XS(_ block: Value, e: GGUFEmit, d: Value) -> [Value] {
        let low = block.load(e.i64(4), lanes: 4).permute([0, 0, 1, 1, 2, 2, 3, 3]).convert(.i32, unsigned: true)
            >> e.constants([0, 4, 0, 4, 0, 4, 0, 4], .i32)
        let high = block.load(e.i64(2), lanes: 2).bitcast(to: .i16).convert(.i32, unsigned: true).splat(8)
            >> e.constants([0, 2, 4, 6, 8, 10, 12, 14], .i32)
        let ls = (low & 15) | ((high & 3) << 4)
        return [(ls - 32).convert(.f32) * d.splat(8)]
    }
}
