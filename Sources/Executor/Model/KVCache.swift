/// The keys and values of past positions, per layer. Values are rounded to Float16 when written,
/// like llama.cpp's default f16 cache, and kept as Float so that attention reads them without
/// conversions. A cache belongs to one sequence; ``LlamaModel/forward(tokens:cache:logits:)``
/// appends to it.
public final class KVCache {
    /// Positions the cache can hold.
    public let capacity: Int
    /// Positions filled so far.
    public internal(set) var count = 0
    let layers: Int
    let width: Int
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>

    init(layers: Int, capacity: Int, width: Int) {
        self.layers = layers
        self.capacity = capacity
        self.width = width
        keys = .allocate(capacity: layers * capacity * width)
        values = .allocate(capacity: layers * capacity * width)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Forgets every position.
    public func reset() { count = 0 }

    /// Drops positions from `position` on (to re-run a suffix).
    public func truncate(to position: Int) { count = min(count, max(0, position)) }

    @inline(__always) func keyRow(layer: Int, position: Int) -> UnsafeMutablePointer<Float> {
        keys + (layer * capacity + position) * width
    }

    @inline(__always) func valueRow(layer: Int, position: Int) -> UnsafeMutablePointer<Float> {
        values + (layer * capacity + position) * width
    }
}
