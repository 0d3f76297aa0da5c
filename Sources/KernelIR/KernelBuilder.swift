/// Emits KIR from staged Swift. Swift values (tile sizes, bit widths) are compile-time
/// constants; ``Value``s stand for IR values. The builder records ops without judging them:
/// ``Verifier`` reports type errors with the op index.
public final class KernelBuilder {
    public private(set) var kernel: Kernel

    public init(name: String, convention: KernelConvention) {
        kernel = Kernel(name: name, convention: convention)
    }

    /// Interns a string for an op attribute.
    public func internString(_ s: String) -> Int64 { kernel.intern(string: s) }

    /// A vector whose lanes are `lanes` (scalars of one type), built by insertion.
    public func vector(_ lanes: [Value]) -> Value {
        guard lanes.count > 1 else { return lanes[0] }
        var v = lanes[0].splat(lanes.count)
        for (i, lane) in lanes.enumerated().dropFirst() { v = v.insert(lane, at: i) }
        return v
    }

    /// The finished kernel.
    public func finish() -> Kernel { kernel }

    /// Declares GPU launch bounds (`.maxntid maxThreads`, `.minnctapersm minBlocks`).
    public func launchBounds(maxThreads: Int, minBlocks: Int = 1) {
        kernel.launchBounds = LaunchBounds(maxThreads: maxThreads, minBlocks: minBlocks)
    }

    /// Appends a raw op. Prefer the typed helpers.
    @discardableResult
    public func emit(_ op: Opcode, _ type: KType, _ operands: [Value] = [], attribute: Int64 = 0) -> Value {
        let id = kernel.append(op, type: type, operands: operands.map(\.id), attribute: attribute)
        return Value(id: id, type: type, builder: self)
    }

    // MARK: Parameters and constants

    /// Declares the next kernel parameter.
    public func parameter(_ name: String, _ type: KType) -> Value {
        kernel.parameters.append(Parameter(name: name, type: type))
        return emit(.param, type, attribute: Int64(kernel.parameters.count - 1))
    }

    /// An integer constant (a splat for vector types).
    public func constant(_ v: Int, _ type: KType) -> Value {
        if type.element.isFloat { return constant(Double(v), type) }
        return emit(.constant, type, attribute: ConstantFolding.normalize(Int64(v), type.element))
    }

    /// A floating-point constant (a splat for vector types).
    public func constant(_ v: Double, _ type: KType) -> Value {
        // Stored already rounded to the element type, as LLVM will round it.
        let rounded: Double
        switch type.element {
        case .f32: rounded = Double(Float(v))
        case .f16: rounded = Double(Float(Float16(Float(v))))
        default: rounded = v
        }
        return emit(.constant, type, attribute: Int64(bitPattern: rounded.bitPattern))
    }

    // MARK: Grid and GPU indices

    /// The CPU grid's program index (i64).
    public func programID() -> Value { emit(.programID, .i64) }
    public func threadIndex(_ d: Dimension = .x) -> Value { emit(.threadIndex, .i32, attribute: d.rawValue) }
    public func blockIndex(_ d: Dimension = .x) -> Value { emit(.blockIndex, .i32, attribute: d.rawValue) }
    public func blockSize(_ d: Dimension = .x) -> Value { emit(.blockSize, .i32, attribute: d.rawValue) }
    public func gridSize(_ d: Dimension = .x) -> Value { emit(.gridSize, .i32, attribute: d.rawValue) }

    /// A statically sized shared-memory array; the result points to its first element.
    public func sharedMemory(_ element: ScalarType, count: Int) -> Value {
        emit(.sharedMemory, .pointer(element, .shared), attribute: Int64(count))
    }

    /// The block's dynamic shared memory (`.extern .shared`), sized at launch; the result points
    /// to its first element (16-byte aligned). Every call returns the same memory.
    public func dynamicSharedMemory(_ element: ScalarType) -> Value {
        emit(.sharedMemory, .pointer(element, .shared), attribute: 0)
    }

    /// A CPU scratch array of `count` elements on the stack of each kernel call (64-byte
    /// aligned, uninitialized); the result points to its first element. Every call of this
    /// method makes a new array.
    public func stackArray(_ element: ScalarType, count: Int) -> Value {
        emit(.stackArray, .pointer(element), attribute: Int64(count))
    }

    /// A block-wide barrier (`bar.sync 0`).
    public func barrier() { emit(.barrier, .void) }

    /// A warp shuffle over all 32 lanes of a 32-bit value.
    public func shuffle(_ v: Value, _ mode: ShuffleMode, _ lane: Value) -> Value {
        emit(.shuffle, v.type, [v, lane], attribute: mode.rawValue)
    }

    /// Inline PTX. A vector result type with N lanes binds N scalar outputs (`=f,=f,…`).
    /// Always emitted as convergent and with side effects.
    @discardableResult
    public func inlineAsm(_ asm: String, constraints: String, result: KType = .void, _ args: [Value]) -> Value {
        // Text and constraints travel as one string, split at the NUL by the lowering.
        emit(.inlineAsm, result, args, attribute: kernel.intern(string: asm + "\u{0}" + constraints))
    }

    /// A call of a named LLVM intrinsic with a fixed signature, e.g. `llvm.x86.avx512.vpdpbusd.512`.
    public func intrinsic(_ name: String, result: KType, _ args: [Value]) -> Value {
        emit(.intrinsic, result, args, attribute: kernel.intern(string: name))
    }

    // MARK: Control flow and locals

    /// A counted loop `for i in lower..<upper step step`; the body receives `i`.
    public func loop(_ lower: Value, _ upper: Value, step: Value? = nil, unroll: UnrollHint = .none, _ body: (Value) -> Void) {
        let s = step ?? constant(1, lower.type)
        let i = emit(.forBegin, lower.type, [lower, upper, s], attribute: unroll.attribute)
        body(i)
        emit(.forEnd, .void)
    }

    /// `if condition { then } else { otherwise }`.
    public func `if`(_ condition: Value, _ then: () -> Void, else otherwise: (() -> Void)? = nil) {
        emit(.ifBegin, .void, [condition])
        then()
        if let otherwise {
            emit(.ifElse, .void)
            otherwise()
        }
        emit(.ifEnd, .void)
    }

    /// A mutable local holding `initial`.
    public func variable(_ initial: Value) -> Variable {
        let slot = emit(.variable, initial.type)
        emit(.set, .void, [slot, initial])
        return Variable(slot: slot)
    }
}

/// A mutable local of a kernel, read with ``value`` and written with ``set(_:)``.
public struct Variable {
    public let slot: Value
    public var value: Value { slot.builder.emit(.get, slot.type, [slot]) }
    public func set(_ v: Value) { slot.builder.emit(.set, .void, [slot, v]) }
}
