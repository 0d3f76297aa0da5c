import ArgumentParser
import Compiler
import Executor
import Foundation
import KernelIR

/// `quantjit cache`: the on-disk compile cache and tuning database.
struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect, fill or clear the compile cache (object code, PTX) and the tuning database.",
        subcommands: [Stats.self, Clear.self, Warm.self])

    struct Location: ParsableArguments {
        @Option(help: "Cache directory (default: $QUANTJIT_CACHE_DIR, $XDG_CACHE_HOME/quantjit or ~/.cache/quantjit).")
        var cacheDir: String?
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count the cached entries, check their checksums, and list tuning records.")
        @OptionGroup var location: Location

        func run() throws {
            print(CompileCache(explicitDirectory: location.cacheDir).statistics())
            let store = TuningStore(cacheDirectory: location.cacheDir)
            let db = try store.load()
            print("tuning database: \(store.url.path), \(db.records.count) record\(db.records.count == 1 ? "" : "s")")
            for r in db.records { print("  \(r.key): \(r.configName)") }
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every compiled entry (and, with --tuning, the tuning database).")
        @OptionGroup var location: Location
        @Flag(help: "Also delete the tuning database.") var tuning = false

        func run() throws {
            let cache = CompileCache(explicitDirectory: location.cacheDir)
            let before = cache.statistics(verify: false)
            try cache.clear()
            print("removed \(before.entries) compiled entr\(before.entries == 1 ? "y" : "ies") from \(before.directory)")
            if tuning {
                let store = TuningStore(cacheDirectory: location.cacheDir)
                try? FileManager.default.removeItem(at: store.url)
                print("removed \(store.url.path)")
            }
        }
    }

    struct Warm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile a variant (or all candidate configs) through the cache and report hits and times.",
            discussion: """
            Run it twice to see cold and warm (cache hit) compile times; run two at once to see
            concurrent writers of the same entries. Example:
              quantjit cache warm gemv --all-configs
            """)
        @OptionGroup var kernel: KernelOptions
        @OptionGroup var location: Location
        @Flag(help: "Every candidate config of the selected generator, not just the selected one.") var allConfigs = false
        @Option(help: "Compile threads (default: all cores).") var threads: Int?
        @Flag(help: "For CPU hits, time the steps of a load: key (KIR encoding + SHA-256), read + checksum, JIT link.")
        var breakdown = false

        func run() throws {
            let base = try kernel.selection()
            let configs = allConfigs ? base.generator.candidateConfigs : [base.config]
            let kernels = try configs.map { try base.generator.emit($0) }
            let cache = CompileCache(explicitDirectory: location.cacheDir)
            let start = Timing.now()
            if case .gpu(let gpu) = try kernel.request.target {
                let compiler = CachedPTXCompiler(cache: cache)
                let results = Parallel.map(kernels, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) { k in
                    let t = Timing.now()
                    return (Result { try compiler.ptx(k, gpu: gpu).outcome }, Timing.now() - t)
                }
                try report(zip(kernels, results).map { ($0.name, try $1.0.get(), $1.1) }, wall: Timing.now() - start, cache: cache)
            } else {
                let compiler = CachedCPUCompiler(cache: cache)
                let results = Parallel.map(kernels, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) { k in
                    let t = Timing.now()
                    return (Result { try compiler.compileWithOutcome(k).outcome }, Timing.now() - t)
                }
                try report(zip(kernels, results).map { ($0.name, try $1.0.get(), $1.1) }, wall: Timing.now() - start, cache: cache)
                if breakdown { try printBreakdown(kernels, compiler: compiler, cache: cache) }
            }
        }

        /// Loads each kernel again step by step, on one thread, and prints where the time goes.
        func printBreakdown(_ kernels: [Kernel], compiler: CachedCPUCompiler, cache: CompileCache) throws {
            print("load breakdown (one thread):        key      read+check   JIT link    object size")
            for k in kernels {
                var key: CompileCacheKey?, bytes: [UInt8]?, linked: CPUKernel?
                let tKey = try Timing.measure { key = try compiler.key(for: k) }
                let tRead = Timing.measure { bytes = cache.load(key!) }
                guard let bytes else { print("\(k.name): not cached"); continue }
                let tLink = try Timing.measure { linked = try CPUKernel(name: k.name, parameters: k.parameters, objectCode: bytes) }
                _ = linked
                print(String(format: "  %@ %7.2f ms %9.2f ms %9.2f ms %9d B", String(k.name.suffix(30)).padding(toLength: 30, withPad: " ", startingAt: 0),
                             tKey * 1e3, tRead * 1e3, tLink * 1e3, bytes.count))
            }
        }

        func report(_ rows: [(String, CacheOutcome, Double)], wall: Double, cache: CompileCache) throws {
            for (name, outcome, seconds) in rows {
                print(String(format: "%@ %@ %8.1f ms", name.padding(toLength: 52, withPad: " ", startingAt: 0),
                             outcome.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0), seconds * 1e3))
            }
            let c = cache.sessionCounters
            print(String(format: "%d variant(s) in %.1f ms wall: %d hit(s), %d miss(es), %d corrupt entr(ies) rebuilt; cache %@",
                         rows.count, wall * 1e3, c.hits, c.misses, c.corrupt, cache.root.path))
        }
    }
}
