import KernelIR

/// The schedule of the CPU W8A8 and FP8-weight kernels. The reduction runs along K in
/// vectors: one `vpdpbusd` (int8) or FMA (FP8) per activation row × weight row per step, and
/// one horizontal sum per output at the end.
public struct W8A8Config: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Activation rows (tokens) per program.
    public var tileM: Int
    /// Weight rows (output columns) per program.
    public var tileN: Int
    /// 32-bit lanes per vector: 16 (512-bit) or 8 (256-bit). A step covers `4·vectorWidth`
    /// int8 values of K, or `vectorWidth` FP8 values.
    public var vectorWidth: Int
    /// Unroll hint for the K loop.
    public var unrollK: Int
    /// Column tiles that share one pass over the M tiles (so their weights stay in cache).
    public var groupN: Int

    public init(tileM: Int = 1, tileN: Int = 8, vectorWidth: Int = 16, unrollK: Int = 1, groupN: Int = 16) {
        self.tileM = tileM
        self.tileN = tileN
        self.vectorWidth = vectorWidth
        self.unrollK = unrollK
        self.groupN = groupN
    }

    /// `m4n4v16u1g16`.
    public var description: String { "m\(tileM)n\(tileN)v\(vectorWidth)u\(unrollK)g\(groupN)" }

    /// CPU programs for an `m × n` output.
    public func programs(m: Int, n: Int) -> Int { ((m + tileM - 1) / tileM) * ((n + tileN - 1) / tileN) }

    func validate(generator: String) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: generator, message: m) }
        if tileM < 1 || tileM > 8 { throw fail("tileM \(tileM) must be in 1...8") }
        if tileN < 1 || tileN > 16 { throw fail("tileN \(tileN) must be in 1...16") }
        if tileM * tileN > 24 { throw fail("tileM × tileN = \(tileM * tileN) accumulators exceed 24 vector registers") }
        if vectorWidth != 8 && vectorWidth != 16 { throw fail("vectorWidth \(vectorWidth) must be 8 or 16") }
        if unrollK < 1 || unrollK > 8 { throw fail("unrollK \(unrollK) must be in 1...8") }
        if groupN < 1 { throw fail("groupN \(groupN) must be positive") }
    }
}

/// Maps a program id to its (row tile, column tile): programs walk the M tiles of `groupN`
/// column tiles before moving on, so a group's weights are reused from cache by every token.
struct GroupedTiles {
    let rowTile, columnTile: Value

    init(program p: Value, m: Value, n: Value, config c: W8A8Config) {
        let rowTiles = (m + (c.tileM - 1)) / c.tileM
        let columnTiles = (n + (c.tileN - 1)) / c.tileN
        let perGroup = rowTiles * c.groupN
        let group = p / perGroup
        let firstColumn = group * c.groupN
        let width = (columnTiles - firstColumn).min(p.builder.constant(c.groupN, .i64))
        let within = p - group * perGroup
        rowTile = within / width
        columnTile = firstColumn + within % width
    }
}
