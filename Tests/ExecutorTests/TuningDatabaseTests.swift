import Compiler
import Executor
import Foundation
import Kernels
import Quantization
import Testing

let gemv4 = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 4, groupSize: 128)))

func record(_ key: TuningKey, _ config: TileConfig, seconds: Double = 1e-4) -> TuningRecord {
    TuningRecord(key: key, config: config, medianSeconds: seconds, defaultSeconds: 2e-4, problem: "M=1 N=64 K=64",
                 candidates: 5, failed: 0, date: "2026-11-30T00:00:00Z")
}

func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("quantjit-tuning-test-\(UUID().uuidString)")
}

@Suite struct TuningDatabaseTests {
    @Test func mBucketsRoundUp() {
        #expect([1, 2, 16, 17, 64, 65, 256, 257, 1024, 5000].map(TuningKey.bucket(m:)) == [1, 16, 16, 64, 64, 256, 256, 1024, 1024, 1024])
    }

    @Test func variantKeyNamesEverythingButTheConfig() {
        let k = TuningKey(request: gemv4, entry: "gptq_gemv", m: 1, device: "cpu-x-1234", llvm: "19.1.7")
        #expect(k.variant == "gptq_gemv|gptq_b4_g128_sym|f32|cpu")
        let act = KernelRequest(family: .gemm, format: .gptq(GPTQLayout(bits: 3, groupSize: -1, zeroPoints: .v2, actOrder: true)),
                                activation: .f16, target: .gpu(.sm_90))
        #expect(TuningKey.variant(request: act, entry: "gptq_gemm") == "gptq_gemm|gptq_b3_gall_v2_act|f16|sm_90")
    }

    @Test func roundTripsThroughJSONAndReplacesByKey() throws {
        let a = TuningKey(device: "cpu-a", llvm: "19.1.7", variant: "v", mBucket: 1)
        let b = TuningKey(device: "cpu-a", llvm: "19.1.7", variant: "v", mBucket: 16)
        var db = TuningDatabase()
        db.insert(record(b, TileConfig(tileN: 4)))
        db.insert(record(a, TileConfig(tileN: 1)))
        db.insert(record(a, TileConfig(tileN: 2)))  // replaces
        #expect(db.records.map(\.key) == [a, b], "one record per key, sorted")
        #expect(db.lookup(a)?.config.tileN == 2)
        let decoded = try TuningDatabase.decode(try db.encoded())
        #expect(decoded == db)
        let json = String(decoding: try db.encoded(), as: UTF8.self)
        #expect(json.contains("\"variant\" : \"v\"") && json.contains("\"mBucket\" : 16"))
    }

    @Test func lookupMissesOnAnyOtherKeyField() {
        let key = TuningKey(device: "cpu-a", llvm: "19.1.7", variant: "v", mBucket: 1)
        let db = TuningDatabase(records: [record(key, TileConfig(tileN: 4))])
        #expect(db.lookup(key) != nil)
        for other in [TuningKey(device: "cpu-b", llvm: "19.1.7", variant: "v", mBucket: 1),
                      TuningKey(device: "cpu-a", llvm: "20.1.0", variant: "v", mBucket: 1),
                      TuningKey(device: "cpu-a", llvm: "19.1.7", variant: "w", mBucket: 1),
                      TuningKey(device: "cpu-a", llvm: "19.1.7", variant: "v", mBucket: 16)] {
            #expect(db.lookup(other) == nil, "\(other)")
        }
    }

    @Test func otherFormatVersionsAreRefused() throws {
        let data = Data(#"{"version": 99, "records": []}"#.utf8)
        #expect(throws: TuningError.unsupportedDatabaseVersion(99)) { try TuningDatabase.decode(data) }
    }

    @Test func storeLoadsSavesAndUpdatesConcurrentlyWithoutLosingRecords() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TuningStore(url: dir.appendingPathComponent("tuning.json"))
        #expect(try store.load() == TuningDatabase())
        let errors = Parallel.map(Array(0..<24), threads: 8) { i -> String? in
            do {
                try store.update { $0.insert(record(TuningKey(device: "cpu-a", llvm: "19", variant: "v\(i)", mBucket: 1), TileConfig())) }
                return nil
            } catch { return "\(error)" }
        }
        #expect(errors.compactMap { $0 }.isEmpty)
        #expect(try store.load().records.count == 24, "every concurrent update kept")
        try Data("not json".utf8).write(to: store.url)
        #expect(throws: TuningError.self) { try store.load() }
    }

    @Test func storeLivesInTheResolvedCacheDirectory() {
        let store = TuningStore(cacheDirectory: "/tmp/qj-explicit")
        #expect(store.url.path == "/tmp/qj-explicit/tuning.json")
    }
}
