/// The weight layout of ``W8A8DecodeConfig/tiled`` decode variants: 8-bit weights `[N, K]`
/// reordered so that every warp load of ``W8A8GPUDecode`` reads 512 contiguous bytes, and a warp's
/// sweep of one 16-row tile along K reads the tile's bytes front to back.
///
/// Rows are taken in tiles of 16 and K in chunks of 64 bytes, both zero-padded
/// (``paddedRows(_:)``, ``paddedK(_:)``). Chunk `c` of tile `T` is 1024 contiguous bytes at
/// `(T · chunks + c) · 1024`: two halves `h` (rows `16T + h·8 + g`, `g` ∈ 0..<8) of 512 bytes,
/// each in lane order — lane `(g, t)` (`4g + t`) owns the 16 bytes at K byte `64c + 16t` of its
/// row, which is exactly what that lane of the row-major kernel loads into its `mma` A fragment.
public enum W8A8DecodeTiledLayout {
    /// Rows of a tile (the `mma` A operand's 16 rows).
    public static let tileRows = 16
    /// K bytes of a chunk (16 bytes for each of a quad's 4 lanes).
    public static let chunkK = 64
    /// Bytes of one half (8 rows) of a chunk: one warp load.
    public static let halfBytes = 512
    /// Bytes of one chunk of a tile: its two halves.
    public static let chunkBytes = 2 * halfBytes

    /// N rounded up to whole 16-row tiles.
    public static func paddedRows(_ n: Int) -> Int { (n + tileRows - 1) / tileRows * tileRows }
    /// K rounded up to whole 64-byte chunks.
    public static func paddedK(_ k: Int) -> Int { (k + chunkK - 1) / chunkK * chunkK }
    /// Bytes of the tiled copy of an `n × k` weight matrix.
    public static func bytes(n: Int, k: Int) -> Int { paddedRows(n) * paddedK(k) }

    /// The byte offset in the tiled layout of row-major weight `(row, kByte)` of a matrix with
    /// `k` columns.
    public static func offset(row: Int, kByte: Int, k: Int) -> Int {
        let chunks = paddedK(k) / chunkK
        let tile = row / tileRows, half = (row % tileRows) / 8, g = row % 8
        let chunk = kByte / chunkK, t = (kByte % chunkK) / 16
        return (tile * chunks + chunk) * chunkBytes + half * halfBytes + (4 * g + t) * 16 + kByte % 16
    }

    /// Row-major `n × k` weights (`weights.count == n · k`) in the tiled order; padding is zero.
    public static func tile(_ weights: [UInt8], n: Int, k: Int) -> [UInt8] {
        precondition(weights.count == n * k, "W8A8DecodeTiledLayout.tile: \(weights.count) bytes for \(n) × \(k)")
        var tiled = [UInt8](repeating: 0, count: bytes(n: n, k: k))
        weights.withUnsafeBufferPointer { source in
            tiled.withUnsafeMutableBufferPointer { destination in
                for row in 0..<n {
                    for kByte in stride(from: 0, to: k, by: 16) {
                        // 16 bytes stay contiguous; K % 16 ≠ 0 leaves a shorter last run.
                        let run = min(16, k - kByte), at = offset(row: row, kByte: kByte, k: k)
                        UnsafeMutableRawPointer(destination.baseAddress! + at)
                            .copyMemory(from: source.baseAddress! + (row * k + kByte), byteCount: run)
                    }
                }
            }
        }
        return tiled
    }
}
