import Quantization

/// Readers of quantized checkpoints (safetensors, GGUF) and their configuration files.
public enum Checkpoint {}
