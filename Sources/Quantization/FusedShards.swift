/// Fusing shards (q/k/v, gate/up) whose FP8 weights each carry one per-tensor scale.
public enum FusedShards {
    /// One FP8 e4m3fn shard: `W[n, K]` as bytes with its per-tensor scale.
    public struct FP8Shard: Hashable, Sendable {
        public var bytes: [UInt8]
        public var scale: Float
        public init(bytes: [UInt8], scale: Float) {
            self.bytes = bytes
            self.scale = scale
        }
    }

    /// Requantizes every shard to the largest scale, so the fused weight has one per-tensor
    /// scale (what vLLM's `requantize_with_max_scale` does): `q' = fp8(clamp(decode(q) · s / s_max))`,
    /// computed in `Float` (vLLM rounds `decode(q) · s` to fp16 first; this does not). Shards
    /// already at `s_max` are copied. Returns the concatenated bytes (in order) and `s_max`.
    public static func requantizeWithMaxScale(_ shards: [FP8Shard]) -> (bytes: [UInt8], scale: Float) {
        let format = MiniFloat.float8E4M3FN
        let maxScale = shards.map(\.scale).max() ?? 1
        var out: [UInt8] = []
        out.reserveCapacity(shards.reduce(0) { $0 + $1.bytes.count })
        for shard in shards {
            if shard.scale == maxScale {
                out += shard.bytes
                continue
            }
            for b in shard.bytes {
                let value = format.decode(b) * shard.scale / maxScale
                out.append(format.encode(Swift.min(Swift.max(value, -format.maxFinite), format.maxFinite)))
            }
        }
        return (out, maxScale)
    }
}
