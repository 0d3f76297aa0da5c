// QuantJIT's C entry points around upstream Marlin's host function `marlin_cuda`
// (IST-DASLab/marlin, marlin/marlin_cuda_kernel.cu), so that Tools/bench/marlin_anchors.py can
// call Marlin through ctypes without building Marlin's torch extension. Only this file is ours;
// Marlin's source is compiled beside it by build_marlin.sh and is never committed.
//
// Marlin's format: fp16 A (M x K, row-major), 4-bit symmetric B packed in Marlin's own tile
// layout (K/16 x 2N int32), fp16 scales (K/groupsize x N, permuted), fp16 C (M x N); a zeroed
// int32 workspace of N/128 * max_par locks, which the kernel leaves zeroed again.
#include <cuda_runtime.h>
#include <stdio.h>

int marlin_cuda(const void* A, const void* B, void* C, void* s, int prob_m, int prob_n, int prob_k,
                void* workspace, int groupsize, int dev, cudaStream_t stream, int thread_k,
                int thread_n, int sms, int max_par);

extern "C" {

// One Marlin product C = A * dequant(B, s). Returns Marlin's code (0, 1 = problem shape,
// 2 = no kernel for the tile shape) or 100 + the CUDA error of the launch.
int marlin_anchor_mul(const void* A, const void* B, void* C, void* s, int m, int n, int k,
                      void* workspace, int groupsize, int dev, void* stream, int thread_k,
                      int thread_n, int sms, int max_par) {
    int code = marlin_cuda(A, B, C, s, m, n, k, workspace, groupsize, dev, (cudaStream_t)stream,
                           thread_k, thread_n, sms, max_par);
    if (code != 0) return code;
    cudaError_t launch = cudaPeekAtLastError();
    return launch == cudaSuccess ? 0 : 100 + (int)launch;
}

// Per-launch timing without Python in the loop: for each repetition, an event, one Marlin
// product on the weights copy (rep % copies), an event. B and s are arrays of `copies` device
// pointers. Writes `reps` times in ms. Returns as marlin_anchor_mul, or 100 + a CUDA error.
int marlin_anchor_time(const void* A, const void* const* B, void* C, void* const* s, int copies,
                       int m, int n, int k, void* workspace, int groupsize, int dev, void* stream,
                       int thread_k, int thread_n, int sms, int max_par, int warmup, int reps,
                       float* times_ms) {
    cudaStream_t st = (cudaStream_t)stream;
    for (int i = 0; i < warmup; i++) {
        int code = marlin_anchor_mul(A, B[i % copies], C, s[i % copies], m, n, k, workspace,
                                     groupsize, dev, stream, thread_k, thread_n, sms, max_par);
        if (code != 0) return code;
    }
    cudaError_t err = cudaStreamSynchronize(st);
    if (err != cudaSuccess) return 100 + (int)err;
    cudaEvent_t* events = new cudaEvent_t[2 * reps];
    for (int i = 0; i < 2 * reps; i++) cudaEventCreate(&events[i]);
    int result = 0;
    for (int i = 0; i < reps && result == 0; i++) {
        cudaEventRecord(events[2 * i], st);
        result = marlin_anchor_mul(A, B[i % copies], C, s[i % copies], m, n, k, workspace,
                                   groupsize, dev, stream, thread_k, thread_n, sms, max_par);
        cudaEventRecord(events[2 * i + 1], st);
    }
    err = cudaStreamSynchronize(st);
    if (result == 0 && err != cudaSuccess) result = 100 + (int)err;
    for (int i = 0; i < reps && result == 0; i++)
        cudaEventElapsedTime(&times_ms[i], events[2 * i], events[2 * i + 1]);
    for (int i = 0; i < 2 * reps; i++) cudaEventDestroy(events[i]);
    delete[] events;
    return result;
}

// Name and description of a CUDA error code (code as returned above, minus 100).
void marlin_anchor_error_string(int code, char* buffer, int length) {
    cudaError_t e = (cudaError_t)code;
    snprintf(buffer, (size_t)length, "%s: %s", cudaGetErrorName(e), cudaGetErrorString(e));
}

// Synchronizes the device; returns 0 or the CUDA error (a sticky kernel fault shows here).
int marlin_anchor_sync(void) { return (int)cudaDeviceSynchronize(); }

// The CUDA runtime version this library was linked with (e.g. 13000).
int marlin_anchor_runtime_version(void) {
    int version = 0;
    cudaRuntimeGetVersion(&version);
    return version;
}

}  // extern "C"
