import KernelIR
import Quantization
public enum KernelsNamespace {}
