import Quantization

/// Readers of quantized checkpoints (safetensors, GGUF) and their configuration files.
///
/// The safetensors side, in the order data flows:
///
/// - ``SafetensorsFile`` maps one file and validates its whole header (``TensorView``s are
///   zero-copy); ``CheckpointFiles`` opens a directory, one file, or shards listed by
///   `model.safetensors.index.json`. ``SafetensorsWriter`` writes files that read back identically.
/// - ``QuantConfigDetector`` reads `config.json` (`quantization_config`), `quantize_config.json`,
///   `quant_config.json` or `hf_quant_config.json` into a ``QuantizationConfig``: a default
///   `QuantScheme`, ordered rules (GPTQ `dynamic`, compressed-tensors `config_groups`) and ignores.
/// - ``LayerResolver`` gives every module its scheme (``ResolvedModule``), checks its tensors'
///   shapes and dtypes against the scheme, and groups fused shards (``FusedGroup``).
/// - ``QuantizedCheckpoint`` bundles the three; `storedWeight(_:)` hands a module's tensors to
///   `Quantization`'s reference unpacker, `view(_:_:)` hands kernels the packed bytes in place.
/// - ``CheckpointInspector`` builds the report of `quantjit inspect`.
///
/// Every failure is a ``CheckpointError`` naming the file, the tensor and what was expected.
public enum Checkpoint {}
