/// Removes pure ops whose values nothing live uses.
public enum DeadCodeElimination {
    public static func run(_ k: Kernel) -> Kernel {
        var live = Array(repeating: false, count: k.count)
        for i in k.indices.reversed() {
            if !Opcode.pure.contains(k.opcode(i)) { live[i] = true }
            if live[i] { for o in k.operands(i) { live[o.index] = true } }
        }
        var r = Rewriter(k)
        for i in k.indices where live[i] { r.copy(i) }
        return r.new
    }
}
