import Compiler
import Executor
import Kernels
import Quantization
import Testing

@Suite struct TuningSelectionTests {
    let device = "cpu-test-00000000"

    @Test func selectionUsesATunedRecordForTheSameKeyOnly() throws {
        let tuned = TileConfig(tileM: 1, tileN: 4, vectorWidth: 8, unrollK: 2)
        let key = TuningKey(request: gemv4, entry: "gptq_gemv", m: 1, device: device)
        let db = TuningDatabase(records: [record(key, tuned)])

        let hit = try KernelRegistry.standard.select(gemv4, m: 1, database: db, device: device)
        #expect(hit.selection.config == tuned)
        #expect(hit.selection.variantName == "gptq_gemv_b4_g128_sym_f32_cpu_m1n4v8u2")
        #expect(hit.key == key)
        guard case .tuned(let r) = hit.source else { Issue.record("expected a tuned source"); return }
        #expect(r.config == tuned)

        let otherBucket = try KernelRegistry.standard.select(gemv4, m: 32, database: db, device: device)
        #expect(otherBucket.source == .generatorDefault)
        #expect(otherBucket.selection.config == otherBucket.selection.generator.defaultConfig)
        let otherDevice = try KernelRegistry.standard.select(gemv4, m: 1, database: db, device: "cpu-other-11111111")
        #expect(otherDevice.source == .generatorDefault)
    }

    @Test func aStaleRecordFallsBackToTheDefaultAndSaysWhy() throws {
        let invalid = TileConfig(tileM: 4, tileN: 2, vectorWidth: 16, unrollK: 2)  // GEMV needs tileM 1
        let key = TuningKey(request: gemv4, entry: "gptq_gemv", m: 1, device: device)
        let t = try KernelRegistry.standard.select(gemv4, m: 1, database: TuningDatabase(records: [record(key, invalid)]), device: device)
        #expect(t.selection.config == t.selection.generator.defaultConfig)
        guard case .staleRecord(_, let reason) = t.source else { Issue.record("expected a stale record"); return }
        #expect(reason.contains("tileM must be 1"))
    }

    @Test func theExplanationNamesEveryCandidateAndTheConfigSource() throws {
        let e = SelectionExplanation(registry: .standard, request: gemv4, m: 1, database: TuningDatabase(), device: device)
        #expect(e.candidates.map(\.entry) == KernelRegistry.standard.entries.map(\.name))
        #expect(e.candidates.map(\.verdict) == [.rejected("serves dequantize, not gemv"), .picked, .rejected("serves gemm, not gemv")])
        let text = e.description
        for entry in KernelRegistry.standard.entries { #expect(text.contains(entry.name), "\(entry.name) named") }
        let defaultConfig = try KernelRegistry.standard.select(gemv4).config
        #expect(text.contains("config: \(defaultConfig) from generator default (no tuning record)"))
        #expect(text.contains("variant: gptq_gemv_b4_g128_sym_f32_cpu_\(defaultConfig)"))

        let key = TuningKey(request: gemv4, entry: "gptq_gemv", m: 1, device: device)
        let tuned = SelectionExplanation(registry: .standard, request: gemv4, m: 1,
                                         database: TuningDatabase(records: [record(key, TileConfig(tileN: 8, vectorWidth: 4, unrollK: 3))]),
                                         device: device)
        #expect(tuned.description.contains("config: m1n8v4u3 from tuning database (measured M=1 N=64 K=64"))
    }

    @Test func gpuConfigsAreNamedAsTheGPUSpellsThem() {
        let r = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 4, groupSize: 128)), target: .gpu(.sm_90))
        let text = SelectionExplanation(registry: .standard, request: r, m: 1, database: TuningDatabase(), device: "gpu-X-sm_90").description
        #expect(text.contains("config: m1n1t128u2 from generator default"))
        #expect(text.contains("candidate configs of gptq_gemv: m1n1t64u2, m1n1t128u2, m1n1t256u2"))
        #expect(GPUAutotune.deviceID(name: "NVIDIA H200", architecture: "sm_90") == "gpu-NVIDIA_H200-sm_90")
        let key = TuningKey(request: r, entry: "gptq_gemv", m: 1, device: "gpu-X-sm_90")
        #expect(key.isGPU && record(key, TileConfig(tileN: 1, vectorWidth: 1, threadsPerBlock: 256)).configName == "m1n1t256u2")
    }

    @Test func anUnsupportedRequestIsExplainedWithEveryReason() {
        let r = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 5, groupSize: 128)))
        let e = SelectionExplanation(registry: .standard, request: r, m: 1, database: TuningDatabase(), device: device)
        #expect(e.selected == nil)
        #expect(e.candidates[1].verdict == .rejected("bits 5 unsupported (supported: 2, 3, 4, 8)"))
        #expect(e.description.contains("no kernel selected"))
    }

    @Test func aLaterEntryThatAlsoSupportsTheRequestIsReportedAsShadowed() {
        var registry = KernelRegistry.standard
        var copy = registry.entries[1]
        copy.name = "gptq_gemv_copy"
        registry.entries.append(copy)
        let e = SelectionExplanation(registry: registry, request: gemv4, m: 1, database: TuningDatabase(), device: device)
        #expect(e.candidates.last?.verdict == .shadowed(by: "gptq_gemv"))
    }
}
