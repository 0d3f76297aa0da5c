import Foundation

/// The peer-made checkpoints under Tests/CheckpointTests/Fixtures (see Tools/fixtures/formats).
enum FixturePaths {
    static let root: String = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("CheckpointTests fixtures are missing from the test bundle")
        }
        return url.path
    }()

    static func checkpoint(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

    /// Every fixture checkpoint (directories with an expected.json).
    static let all: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/expected.json") }.sorted()
    }()

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "quantjit-checkpoint-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
