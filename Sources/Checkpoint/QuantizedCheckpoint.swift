import Foundation
import Quantization

/// A checkpoint opened for use: its files, its detected configuration and the resolved scheme
/// of every module.
public final class QuantizedCheckpoint: @unchecked Sendable {
    public let files: CheckpointFiles
    public let config: QuantizationConfig?
    public let resolution: LayerResolution

    /// Opens a checkpoint directory (or a single `.safetensors` file, unquantized unless a
    /// configuration sits beside it), detects its quantization and resolves every module.
    public init(path: String) throws(CheckpointError) {
        files = try CheckpointFiles(path: path)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let directory = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        config = try QuantConfigDetector.detect(directory: directory.isEmpty ? "." : directory)
        resolution = try LayerResolver.resolve(files: files, config: config)
    }

    /// A checkpoint from files already open and a configuration already parsed.
    public init(files: CheckpointFiles, config: QuantizationConfig?) throws(CheckpointError) {
        self.files = files
        self.config = config
        resolution = try LayerResolver.resolve(files: files, config: config)
    }

    /// The stored tensors of a quantized module, read into arrays (a copy out of the mapping).
    public func storedWeight(_ module: ResolvedModule) throws(CheckpointError) -> StoredQuantizedWeight {
        guard let scheme = module.scheme else {
            throw .unsupportedScheme(file: files.filePath(of: "\(module.name).weight"), reason: "'\(module.name)' is not quantized")
        }
        func view(_ param: String) throws(CheckpointError) -> TensorView { try files.tensor("\(module.name).\(param)") }
        let weight: StoredWeight
        switch scheme.layout {
        case .gptqRows, .awqGEMM, .awqGEMV: weight = .words(try view("qweight").int32s())
        case .compressedTensorsPacked: weight = .words(try view("weight_packed").int32s())
        case .unpacked: weight = .bytes(try view("weight").bytes)
        }
        let scaleName: String
        switch scheme.layout {
        case .gptqRows, .awqGEMM, .awqGEMV: scaleName = "scales"
        case .compressedTensorsPacked: scaleName = "weight_scale"
        case .unpacked:
            scaleName = files.info("\(module.name).weight_scale_inv") != nil ? "weight_scale_inv" : "weight_scale"
        }
        let scales = try view(scaleName).floats()
        var zeros: [Int32] = []
        if scheme.isAsymmetric {
            zeros = try view(scheme.layout == .gptqRows || scheme.method == .awq ? "qzeros" : "weight_zero_point").int32s()
        }
        var gIdx: [Int32] = []
        if scheme.actOrder {
            gIdx = try view(scheme.layout == .gptqRows ? "g_idx" : "weight_g_idx").int32s()
        }
        return StoredQuantizedWeight(scheme: scheme, n: module.n, k: module.k, weight: weight, scales: scales,
                                     zeros: zeros, gIdx: gIdx)
    }

    /// The reference dequantization of module `name`, `[N, K]` row-major in `Float`.
    public func dequantize(_ name: String) throws(CheckpointError) -> [Float] {
        guard let module = resolution.module(name) else { throw .noSuchTensor(file: files.path, tensor: name) }
        if module.scheme == nil { return try files.tensor("\(name).weight").floats() }
        let stored = try storedWeight(module)
        do {
            return try stored.dequantize()
        } catch {
            let weightName = module.tensors.first { $0.hasSuffix("qweight") || $0.hasSuffix("weight_packed") || $0.hasSuffix(".weight") } ?? name
            throw .format(file: files.filePath(of: weightName), tensor: weightName, error: error)
        }
    }
}

extension ResolvedModule {
    /// The full name of this module's tensor `param` (e.g. `qweight`, `weight_scale`), if stored.
    public func tensorName(_ param: String) -> String? {
        let full = "\(name).\(param)"
        return tensors.contains(full) ? full : nil
    }
}

extension QuantizedCheckpoint {
    /// A zero-copy view of a module's tensor `param` (e.g. `qweight`), for kernels that read
    /// the packed bytes in place.
    public func view(_ module: ResolvedModule, _ param: String) throws(CheckpointError) -> TensorView {
        guard let full = module.tensorName(param) else {
            throw .missingTensor(file: files.filePath(of: module.tensors.first ?? module.name), tensor: "\(module.name).\(param)",
                                 reason: "'\(module.name)' stores \(module.tensors.map { $0.split(separator: ".").last.map(String.init) ?? $0 }.joined(separator: ", "))")
        }
        return try files.tensor(full)
    }
}
