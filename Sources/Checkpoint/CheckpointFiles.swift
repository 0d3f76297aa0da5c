import Foundation

/// The safetensors files of one checkpoint: a single file, a directory with one
/// `model.safetensors`, or shards listed by `model.safetensors.index.json`.
public final class CheckpointFiles: @unchecked Sendable {
    /// The directory (or the single file's path).
    public let path: String
    /// Open files by file name.
    public let files: [String: SafetensorsFile]
    /// Which file holds each tensor.
    public let fileOfTensor: [String: String]
    /// The index file, when the checkpoint is sharded.
    public let indexFile: String?

    /// Opens `path`: a `.safetensors` file, or a directory.
    public init(path: String) throws(CheckpointError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file or directory")
        }
        if !isDirectory.boolValue {
            let file = try SafetensorsFile(path: path)
            let name = (path as NSString).lastPathComponent
            files = [name: file]
            fileOfTensor = Dictionary(uniqueKeysWithValues: file.tensorNames.map { ($0, name) })
            indexFile = nil
            return
        }
        let indexPath = (path as NSString).appendingPathComponent("model.safetensors.index.json")
        if FileManager.default.fileExists(atPath: indexPath) {
            indexFile = indexPath
            let weightMap = try Self.readIndex(indexPath)
            var opened: [String: SafetensorsFile] = [:]
            for fileName in Set(weightMap.values).sorted() {
                if fileName.contains("/") || fileName.hasPrefix(".") {
                    throw .invalidConfig(file: indexPath, key: "weight_map", reason: "file name '\(fileName)' must name a file beside the index")
                }
                let filePath = (path as NSString).appendingPathComponent(fileName)
                guard FileManager.default.fileExists(atPath: filePath) else {
                    throw .missingTensor(file: indexPath, tensor: weightMap.first { $0.value == fileName }!.key,
                                         reason: "the index puts it in '\(fileName)', which does not exist")
                }
                opened[fileName] = try SafetensorsFile(path: filePath)
            }
            for (tensor, fileName) in weightMap where opened[fileName]!.tensors[tensor] == nil {
                throw .missingTensor(file: opened[fileName]!.path, tensor: tensor,
                                     reason: "model.safetensors.index.json lists it in this shard")
            }
            files = opened
            fileOfTensor = weightMap
            return
        }
        indexFile = nil
        // Like Transformers: `model.safetensors` when present, otherwise every *.safetensors file.
        var names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.hasSuffix(".safetensors") }.sorted()
        if names.contains("model.safetensors") { names = ["model.safetensors"] }
        guard !names.isEmpty else { throw .noCheckpoint(path: path) }
        var opened: [String: SafetensorsFile] = [:]
        var owner: [String: String] = [:]
        for name in names {
            let file = try SafetensorsFile(path: (path as NSString).appendingPathComponent(name))
            for tensor in file.tensorNames {
                if let other = owner[tensor] {
                    throw .invalidHeader(file: file.path, reason: "tensor '\(tensor)' is also in '\(other)'")
                }
                owner[tensor] = name
            }
            opened[name] = file
        }
        files = opened
        fileOfTensor = owner
    }

    /// Files already open (e.g. parsed from memory), named by file name; `path` names the set in errors.
    public init(files opened: [String: SafetensorsFile], path: String) throws(CheckpointError) {
        self.path = path
        var owner: [String: String] = [:]
        for name in opened.keys.sorted() {
            for tensor in opened[name]!.tensorNames {
                if let other = owner[tensor] {
                    throw .invalidHeader(file: opened[name]!.path, reason: "tensor '\(tensor)' is also in '\(other)'")
                }
                owner[tensor] = name
            }
        }
        files = opened
        fileOfTensor = owner
        indexFile = nil
    }

    static func readIndex(_ indexPath: String) throws(CheckpointError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: indexPath) else {
            throw .unreadable(file: indexPath, reason: "cannot read")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .invalidConfig(file: indexPath, key: "(root)", reason: "not a JSON object")
        }
        guard let map = root["weight_map"] as? [String: Any] else {
            throw .invalidConfig(file: indexPath, key: "weight_map", reason: "missing or not an object of tensor → file")
        }
        var out: [String: String] = [:]
        for (tensor, file) in map {
            guard let f = file as? String else {
                throw .invalidConfig(file: indexPath, key: "weight_map.\(tensor)", reason: "not a file name")
            }
            out[tensor] = f
        }
        return out
    }

    /// All tensor names, sorted.
    public var tensorNames: [String] { fileOfTensor.keys.sorted() }

    /// The header entry of `name`, if present.
    public func info(_ name: String) -> TensorInfo? {
        fileOfTensor[name].flatMap { files[$0]?.tensors[name] }
    }

    /// The path of the file holding `name` (or the checkpoint path).
    public func filePath(of name: String) -> String {
        fileOfTensor[name].flatMap { files[$0]?.path } ?? path
    }

    /// A zero-copy view of tensor `name`.
    public func tensor(_ name: String) throws(CheckpointError) -> TensorView {
        guard let fileName = fileOfTensor[name], let file = files[fileName] else {
            throw .noSuchTensor(file: path, tensor: name)
        }
        return try file.tensor(name)
    }
}
