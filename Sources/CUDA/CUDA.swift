/// The CUDA driver API, loaded at run time with `dlopen("libcuda.so.1")` (see the GPU issue).
public enum CUDA {}
