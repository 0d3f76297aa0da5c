import CUDA
import Compiler
import Executor
import Foundation
import Kernels
import Quantization
import Testing

struct FakeFailure: Error, CustomStringConvertible { var description: String }

@Suite struct TuningAutotunerTests {
    @Test func fastestWinsAndFailuresAreInfinitelySlow() {
        let times: [Int: Double] = [1: 3e-3, 2: 1e-3, 4: 2e-3]
        let outcome = Autotuner.tune(
            candidates: [1, 2, 3, 4, 5, 6], threads: 3,
            compile: { c in
                if c == 3 { throw FakeFailure(description: "no registers") }
                return c * 10
            },
            check: { c, _ in if c == 6 { throw FakeFailure(description: "wrong outputs") } },
            sample: { c, compiled in
                #expect(compiled == c * 10)
                guard let t = times[c] else { throw FakeFailure(description: "crashed") }
                return [t, t * 2, t / 2]
            })
        #expect(outcome.winnerIndex == 1)
        #expect(outcome.winner?.config == 2)
        #expect(outcome.measurements.map(\.seconds) == [3e-3, 1e-3, .infinity, 2e-3, .infinity, .infinity])
        #expect(outcome.measurements[1].samples == 30, "10 rounds × 3 calls, the warm-up round dropped")
        #expect(outcome.measurements[2].failure == "compile: no registers")
        #expect(outcome.measurements[4].failure == "run: crashed")
        #expect(outcome.measurements[5].failure == "check: wrong outputs")
        #expect(outcome.failures.count == 3)
    }

    @Test func tiesGoToTheEarlierCandidateAndNothingRunningMeansNoWinner() {
        #expect(Autotuner.winner(of: [2, 1, 1]) == 1)
        #expect(Autotuner.winner(of: [.infinity, .nan]) == nil)
        let none = Autotuner.tune(candidates: [1, 2], threads: 2, compile: { _ in throw FakeFailure(description: "x") },
                                  sample: { (_: Int, _: Int) in [1] })
        #expect(none.winner == nil)
    }

    @Test func compilesConcurrentlyAndReportsProgress() {
        let seen = Progress()
        _ = Autotuner.tune(candidates: Array(0..<8), threads: 4, schedule: TuningSchedule(warmupRounds: 2, rounds: 5),
                           compile: { c in usleep(2000); return c }, sample: { _, _ in [1] }, progress: { seen.add($0) })
        #expect(seen.compiled == 8 && seen.timed == 7)
    }

    /// Round-robin sampling: every round visits each candidate once, in order, so a load
    /// change mid-run hits all of them.
    @Test func samplesRoundRobin() {
        var order: [Int] = []
        let outcome = Autotuner.tune(candidates: [0, 1, 2], threads: 2, schedule: TuningSchedule(warmupRounds: 1, rounds: 2),
                                     compile: { $0 }, sample: { c, _ in order.append(c); return [Double(order.count)] })
        #expect(order == [0, 1, 2, 0, 1, 2, 0, 1, 2])
        #expect(outcome.measurements.map(\.seconds) == [5.5, 6.5, 7.5], "warm-up samples 1–3 dropped")
    }

    final class Progress: @unchecked Sendable {
        let lock = NSLock()
        var compiled = 0, timed = 0
        func add(_ p: TuningProgress) {
            lock.withLock {
                switch p {
                case .compiled: compiled += 1
                case .timed: timed += 1
                }
            }
        }
    }

    /// The whole CPU path on a small problem: real compiles (through a cache), real timing,
    /// the output check, and a record that selection then uses.
    @Test func cpuAutotuneOfASmallGEMVProducesARecordSelectionUses() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = CompileCache(root: dir)
        let problem = TuningProblem(request: gemv4, m: 1, n: 200, k: 256)
        let tuner = CPUAutotune(compiler: CachedCPUCompiler(cache: cache),
                                options: CPUTuningOptions(threads: 2, rounds: 2, callsPerRound: 2, workingSet: 1 << 20))
        let report = try tuner.run(problem)
        let generator = try KernelRegistry.standard.select(gemv4).generator
        #expect(report.outcome.measurements.count == generator.candidateConfigs.count)
        #expect(report.outcome.measurements[0].config == generator.defaultConfig)
        #expect(report.outcome.failures.isEmpty, "\(report.outcome.failures.map { $0.failure ?? "" })")
        let record = try #require(report.record())
        #expect(record.medianSeconds <= record.defaultSeconds!)
        #expect(record.key.device == CodeTarget.host.deviceID)

        let again = try tuner.run(problem)  // every candidate now comes from the compile cache
        #expect(cache.sessionCounters.hits == generator.candidateConfigs.count)
        #expect(again.outcome.failures.isEmpty)

        let t = try KernelRegistry.standard.select(gemv4, m: 1, database: TuningDatabase(records: [record]),
                                                   device: KernelRegistry.device(for: .cpu))
        #expect(t.selection.config == record.config)
    }

    @Test func theCPUTunerRefusesGPUProblems() {
        let r = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 4, groupSize: 128)), target: .gpu(.sm_90))
        #expect(throws: TuningError.wrongTarget(tuner: "CPU", target: "sm_90")) {
            try CPUAutotune(compiler: CachedCPUCompiler(cache: nil), options: CPUTuningOptions()).run(TuningProblem(request: r, m: 1, n: 64, k: 128))
        }
    }

    /// A GPTQ GEMV loaded from the cache gives bit-identical outputs to a fresh compile.
    @Test func cachedGPTQKernelsMatchFreshOnes() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let compiler = CachedCPUCompiler(cache: CompileCache(root: dir))
        for request in [gemv4, KernelRequest(family: .gemm, format: .gptq(GPTQLayout(bits: 3, groupSize: 32, zeroPoints: .v1, actOrder: true)),
                                             activation: .f16)] {
            let s = try KernelRegistry.standard.select(request)
            guard let spec = (s.generator as? GPTQGEMV)?.spec ?? (s.generator as? GPTQGEMM)?.spec else { Issue.record("no spec"); continue }
            let inputs = try WeightOnlyInputs(spec: spec, family: request.family, m: 5, n: 100, k: 384, workingSet: 0)
            let runner = GridRunner(threads: 2)
            let kernel = try s.emit()
            let fresh = try inputs.output(try CPUCompiler().compile(kernel), config: s.config, runner: runner)
            #expect(try compiler.compileWithOutcome(kernel).outcome == .miss)
            let (cached, outcome) = try compiler.compileWithOutcome(kernel)
            #expect(outcome == .hit)
            let out = try inputs.output(cached, config: s.config, runner: runner)
            #expect(out.map(\.bitPattern) == fresh.map(\.bitPattern))
            #expect(!out.contains { $0.isNaN }, "every output written")
        }
    }
}

/// The GPU path end to end; runs only where a CUDA device is (the GPU machine runs the same
/// path through `quantjit autotune --target cuda`).
@Suite(.enabled(if: CUDA.isAvailable, "needs a CUDA device")) struct GPUTuningTests {
    @Test func gpuAutotuneOfASmallGEMVProducesARecord() throws {
        let device = try #require(try CUDA.devices().first)
        let arch = try GPUArchitecture.named(device.computeCapability.smName)
        let request = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 4, groupSize: 128)), target: .gpu(arch))
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tuner = GPUAutotune(compiler: CachedPTXCompiler(cache: CompileCache(root: dir)), context: try CUDAContext(device: device),
                                options: GPUTuningOptions(rounds: 2, callsPerRound: 2, workingSet: 1 << 20))
        let report = try tuner.run(TuningProblem(request: request, m: 1, n: 300, k: 256))
        #expect(report.outcome.failures.isEmpty, "\(report.outcome.failures.map { $0.failure ?? "" })")
        #expect(report.key.device == GPUAutotune.deviceID(device))
        #expect(report.record() != nil)
    }
}
