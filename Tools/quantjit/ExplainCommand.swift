import ArgumentParser
import Compiler
import Executor
import Foundation

/// `quantjit explain`: why selection picks what it picks.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain kernel selection: every candidate, the pick, and where its config comes from.",
        discussion: """
        Lists every registry entry in priority order with the reason it was not picked, then the
        tuning key and whether the config comes from the tuning database or the generator's
        default. Example:
          quantjit explain gemv --bits 4 --group-size 128 -m 1
        """)

    @OptionGroup var kernel: KernelOptions
    @Option(name: .short, help: "Activation rows the kernel will run at (picks the tuning M bucket).") var m: Int = 1
    @Option(help: "Cache directory holding tuning.json (default: $QUANTJIT_CACHE_DIR, $XDG_CACHE_HOME/quantjit or ~/.cache/quantjit).")
    var cacheDir: String?

    func validate() throws {
        if m < 1 { throw ValidationError("-m must be positive") }
    }

    func run() throws {
        let request = try kernel.request
        let store = TuningStore(cacheDirectory: cacheDir)
        let db: TuningDatabase
        do { db = try store.load() } catch {
            print("warning: \(error); explaining without it")
            db = TuningDatabase()
        }
        var e = SelectionExplanation(registry: .standard, request: request, m: m, database: db,
                                     device: KernelRegistry.device(for: request.target))
        if let t = e.selected, [kernel.tileM, kernel.tileN, kernel.vectorWidth, kernel.unrollK, kernel.threadsPerBlock].contains(where: { $0 != nil }) {
            var c = t.selection.config
            if let v = kernel.tileM { c.tileM = v }
            if let v = kernel.tileN { c.tileN = v }
            if let v = kernel.vectorWidth { c.vectorWidth = v }
            if let v = kernel.unrollK { c.unrollK = v }
            if let v = kernel.threadsPerBlock { c.threadsPerBlock = v }
            try t.selection.generator.validate(c)
            e.overridden = c
        }
        print("tuning database: \(store.url.path) (\(db.records.count) record\(db.records.count == 1 ? "" : "s"))")
        print(e)
        if e.selected == nil { throw ExitCode.failure }
    }
}
