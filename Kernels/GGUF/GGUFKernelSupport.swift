import KernelIR

/// Small emission helpers shared by the GGUF generators.
struct GGUFEmit {
    let b: KernelBuilder

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }

    /// A constant vector with lane `i` equal to `values[i]` (folded by LLVM).
    func constants(_ values: [Int], _ element: ScalarType) -> Value {
        b.vector(values.map { b.constant($0, .scalar(element)) })
    }

    /// A constant i1 mask vector.
    func mask(_ lanes: Int, _ on: (Int) -> Bool) -> Value {
        constants((0..<lanes).map { on($0) ? 1 : 0 }, .i1)
    }

    /// `vpdpbusd`: each i32 lane of `acc` plus the sum of four u8 × i8 byte products of `u`
    /// (unsigned) and `s` (signed). `u` and `s` are `<64 x i8>` (or `<32 x i8>` with an
    /// `<8 x i32>` accumulator: the 256-bit form).
    func dpbusd(_ acc: Value, _ u: Value, _ s: Value) -> Value {
        let lanes = acc.type.lanes
        let t = KType.vector(.i32, lanes)
        let name = lanes == 16 ? "llvm.x86.avx512.vpdpbusd.512" : "llvm.x86.avx512.vpdpbusd.256"
        return b.intrinsic(name, result: t, [acc, u.bitcast(to: t), s.bitcast(to: t)])
    }

    /// An f16 at byte `offset` of a byte vector, as f32.
    func half(_ bytes: Value, at offset: Int) -> Value {
        bytes.permute([offset, offset + 1]).bitcast(to: .f16).convert(.f32)
    }

    /// `count` f16 values at byte offsets `offsets` of a byte vector, as `<count x f32>`.
    func halves(_ bytes: Value, at offsets: [Int]) -> Value {
        if offsets.count == 1 { return half(bytes, at: offsets[0]) }
        let mask = offsets.flatMap { [$0, $0 + 1] }
        return bytes.permute(mask).bitcast(to: .vector(.f16, offsets.count)).convert(.f32)
    }

    /// Repeats each lane of `v` `times` times: `[a, b] → [a, a, a, a, b, b, b, b]`.
    func spread(_ v: Value, _ times: Int) -> Value {
        v.permute((0..<(v.type.lanes * times)).map { $0 / times })
    }

    /// Logical shift right of every byte of a byte vector by `s`, through 16-bit lanes: bits
    /// from the neighbouring byte land in the top `s` bits, so mask the result.
    func shiftBytesRight(_ v: Value, _ s: Int) -> Value {
        let words = KType.vector(.i16, v.type.lanes / 2)
        return (v.bitcast(to: words) >> s).bitcast(to: v.type)
    }

    /// Shift left of every byte through 16-bit lanes (mask the result's low `s` bits off).
    func shiftBytesLeft(_ v: Value, _ s: Int) -> Value {
        let words = KType.vector(.i16, v.type.lanes / 2)
        return (v.bitcast(to: words) << s).bitcast(to: v.type)
    }

    /// 64 bytes picked from the `span` (65…128) bytes at `p + base`: `picks[j]` is the byte
    /// offset of result byte `j`. Two 64-byte loads (at 0 and at `span − 64`) and one
    /// two-source byte permute (`vpermi2b`, AVX-512 VBMI).
    func gather(_ p: Value, _ base: Value, span: Int, picks: [Int]) -> (bytes: Value, first: Value) {
        let first = p.load(base, lanes: 64)
        if span <= 64 { return (first.permute(picks), first) }
        let shift = span - 64
        let second = p.load(base + shift, lanes: 64)
        let index = constants(picks.map { $0 < 64 ? $0 : 64 + $0 - shift }, .i8)
        return (b.intrinsic("llvm.x86.avx512.vpermi2var.qi.512", result: .vector(.i8, 64), [first, index, second]), first)
    }

    /// f16 values at even byte offsets of a 64-byte vector, as f32 lanes.
    func halves64(_ bytes: Value, at offsets: [Int]) -> Value {
        bytes.bitcast(to: .vector(.i16, 32)).permute(offsets.map { $0 / 2 })
            .bitcast(to: .vector(.f16, offsets.count)).convert(.f32)
    }

    /// `table[index]` for every byte (indices 0…15, table values as bytes) with `pshufb`.
    func lookup(_ table: [Int], _ index: Value) -> Value {
        let lanes = index.type.lanes
        let name = lanes == 64 ? "llvm.x86.avx512.pshuf.b.512" : lanes == 32 ? "llvm.x86.avx2.pshuf.b" : "llvm.x86.ssse3.pshuf.b.128"
        let t = constants((0..<lanes).map { Int(Int8(truncatingIfNeeded: table[$0 % 16])) }, .i8)
        return b.intrinsic(name, result: index.type, [t, index])
    }

    func splat(_ v: Int, _ element: ScalarType, _ lanes: Int) -> Value { b.constant(v, .vector(element, lanes)) }
}

/// The tile walk shared by every GGUF matmul: program `p` owns rows `m0 ..< m0 + tileM` and
/// weight rows `n0 ..< n0 + tileN`; indices past the end are clamped for reading and the
/// matching outputs are not stored.
struct GGUFTileWalk {
    let config: GGUFTileConfig
    let m, n: Value

    /// Emits the walk; `body` receives the clamped activation rows and weight rows and returns
    /// the f32 result of each (row, weight row) pair, which the walk stores into `y[M, N]`.
    func emit(_ b: KernelBuilder, y: Value, _ body: (_ rows: [Value], _ cols: [Value]) -> [[Value]]) {
        let program = b.programID()
        let rowTiles = (m + (config.tileM - 1)) / config.tileM
        var m0 = (program % rowTiles) * config.tileM
        var n0 = (program / rowTiles) * config.tileN
        if config.sweepTiles > 0 {
            // Band = sweepTiles row tiles (the last one narrower) × every column tile.
            let columnTiles = (n + (config.tileN - 1)) / config.tileN
            let band = program / (columnTiles * config.sweepTiles)
            let width = (rowTiles - band * config.sweepTiles).min(b.constant(config.sweepTiles, .i64))
            let inBand = program - band * (columnTiles * config.sweepTiles)
            m0 = (band * config.sweepTiles + inBand % width) * config.tileM
            n0 = (inBand / width) * config.tileN
        }
        let rows = (0..<config.tileM).map { r in r == 0 ? m0 : (m0 + r).min(m - 1) }
        let cols = (0..<config.tileN).map { t in t == 0 ? n0 : (n0 + t).min(n - 1) }
        let results = body(rows, cols)
        for r in rows.indices {
            for t in cols.indices {
                let store = { y.store(results[r][t], at: rows[r] * n + cols[t]) }
                var guardCondition: Value?
                if r > 0 { guardCondition = (m0 + r).compare(.lt, m) }
                if t > 0 {
                    let c = (n0 + t).compare(.lt, n)
                    guardCondition = guardCondition.map { $0 & c } ?? c
                }
                if let guardCondition { b.if(guardCondition, store) } else { store() }
            }
        }
    }
}
