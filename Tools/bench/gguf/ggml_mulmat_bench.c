// ggml_mulmat_bench: times ggml's own CPU matrix multiply (one GGML_OP_MUL_MAT node) of a
// quantized weight by f32 activations, the op llama.cpp runs for every linear layer.
//
// Written for QuantJIT's side-by-side benchmark (Tools/bench/gguf_side_by_side.py); it only
// includes ggml's public headers and links ggml's shared libraries. For each type the weight
// is made by ggml_quantize_chunk from uniform random floats in [-1, 1], copied until the copies
// span --rotate-mib so every call streams its weight from memory (not from L3), and a graph of
// one mul_mat (n × k weight, m activation rows) is computed with ggml_graph_compute on a
// persistent ggml threadpool of --threads threads. By default this is the plain ggml-cpu path:
// the weights live in ordinary memory, so no repacked or AMX buffer is used (llamafile's sgemm
// is used where ggml itself picks it). With --repack 1 each (type, m) is timed a second time
// with the weights loaded into the CPU backend's CPU_REPACK buffer, the layout llama.cpp
// gives Q4_0, Q4_K, IQ4_NL (and Q2_K with AVX-512) on x86 by default; rows say "repack".
// The time includes ggml's conversion of the activations to the weight type's vec_dot type
// (q8_0, q8_1 or q8_K), as QuantJIT's includes its activation quantization. GB/s counts weight
// bytes + 4·m·k + 4·m·n, GFLOP/s 2·m·n·k, as GGUFBenchmark does.
//
// Output: one JSON object a line ("host" first, then one "row" per type and m).
//
//   ggml_mulmat_bench --types q4_0,q4_k --threads 2 --rows 1,512 --repeats 20
#include <ggml.h>
#include <ggml-alloc.h>
#include <ggml-backend.h>
#include <ggml-cpu.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *types;
    const char *rows;
    int threads;
    int n, k;
    int repeats;
    int rotate_mib;
    int repack;
} options;

static double now_seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int count) {
    qsort(values, (size_t)count, sizeof(double), compare_doubles);
    return count % 2 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

/// Uniform floats in [-1, 1] from a 64-bit LCG (deterministic per seed).
static void fill_uniform(float *x, size_t count, uint64_t seed) {
    uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < count; i++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = (float)((double)(state >> 11) / (double)(1ull << 53) * 2.0 - 1.0);
    }
}

/// The ggml type whose name (ggml_type_name, case-insensitive) is `name`, or GGML_TYPE_COUNT.
static enum ggml_type type_named(const char *name) {
    for (int t = 0; t < GGML_TYPE_COUNT; t++) {
        const char *candidate = ggml_type_name((enum ggml_type)t);
        if (candidate && ggml_blck_size((enum ggml_type)t) > 0 && strcasecmp(candidate, name) == 0) {
            return (enum ggml_type)t;
        }
    }
    return GGML_TYPE_COUNT;
}

/// The CPU backend's CPU_REPACK buffer type (weights rearranged at load for ggml's GEMV/GEMM
/// tiles, what llama.cpp uses by default for Q4_0, Q4_K, IQ4_NL ... on x86), or NULL.
static ggml_backend_buffer_type_t repack_buffer_type(void) {
    ggml_backend_dev_t device = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    if (!device) return NULL;
    ggml_backend_dev_get_extra_bufts_t extra = (ggml_backend_dev_get_extra_bufts_t)ggml_backend_reg_get_proc_address(
        ggml_backend_dev_backend_reg(device), "ggml_backend_dev_get_extra_bufts");
    for (ggml_backend_buffer_type_t *b = extra ? extra(device) : NULL; b && *b; b++) {
        if (!strcmp(ggml_backend_buft_name(*b), "CPU_REPACK")) return *b;
    }
    return NULL;
}

/// Times one (type, m) over `copies` weights of `matrix_bytes` at `weights`, one graph per
/// copy, rotated per call. With `repack`, the copies are loaded into a CPU_REPACK buffer
/// first (as llama.cpp does at model load); no row is printed if ggml does not repack this
/// type on this CPU.
static void time_mulmat(enum ggml_type type, int m, const options *o, const uint8_t *weights, size_t matrix_bytes,
                       int copies, struct ggml_threadpool *pool, ggml_backend_buffer_type_t repack) {
    struct ggml_init_params weight_params = {.mem_size = (size_t)copies * ggml_tensor_overhead() + 4096, .no_alloc = true};
    struct ggml_init_params graph_params = {
        .mem_size = (size_t)copies * (2 * ggml_tensor_overhead() + ggml_graph_overhead_custom(8, false)) + 4096,
        .no_alloc = true,  // tensor data are our own buffers
    };
    struct ggml_context *weight_ctx = ggml_init(weight_params), *ctx = ggml_init(graph_params);
    struct ggml_tensor *x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, o->k, m);
    float *activations = malloc(sizeof(float) * (size_t)m * (size_t)o->k);
    float *outputs = malloc(sizeof(float) * (size_t)m * (size_t)o->n);
    fill_uniform(activations, (size_t)m * (size_t)o->k, 7);
    x->data = activations;
    struct ggml_cgraph **graphs = malloc(sizeof(struct ggml_cgraph *) * (size_t)copies);
    struct ggml_tensor **w = malloc(sizeof(struct ggml_tensor *) * (size_t)copies);
    for (int c = 0; c < copies; c++) w[c] = ggml_new_tensor_2d(weight_ctx, type, o->k, o->n);
    ggml_backend_buffer_t repacked = NULL;
    if (repack) {
        repacked = ggml_backend_alloc_ctx_tensors_from_buft(weight_ctx, repack);
        if (!repacked || !w[0]->extra) goto done;  // no repacked layout for this type here
        for (int c = 0; c < copies; c++) ggml_backend_tensor_set(w[c], weights + (size_t)c * matrix_bytes, 0, matrix_bytes);
    } else {
        for (int c = 0; c < copies; c++) w[c]->data = (void *)(weights + (size_t)c * matrix_bytes);
    }
    for (int c = 0; c < copies; c++) {
        struct ggml_tensor *y = ggml_mul_mat(ctx, w[c], x);
        y->data = outputs;
        graphs[c] = ggml_new_graph_custom(ctx, 8, false);
        ggml_build_forward_expand(graphs[c], y);
    }

    struct ggml_cplan plan = ggml_graph_plan(graphs[0], o->threads, pool);
    uint8_t *work = plan.work_size ? malloc(plan.work_size) : NULL;
    plan.work_data = work;
    const int warmup = 2;
    double *wall = malloc(sizeof(double) * (size_t)o->repeats);
    double *cpu = malloc(sizeof(double) * (size_t)o->repeats);
    for (int r = 0; r < o->repeats + warmup; r++) {
        double c0 = now_seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = now_seconds(CLOCK_MONOTONIC);
        if (ggml_graph_compute(graphs[r % copies], &plan) != GGML_STATUS_SUCCESS) {
            fprintf(stderr, "ggml_graph_compute failed for %s, m = %d\n", ggml_type_name(type), m);
            exit(1);
        }
        double t1 = now_seconds(CLOCK_MONOTONIC), c1 = now_seconds(CLOCK_PROCESS_CPUTIME_ID);
        if (r >= warmup) {
            wall[r - warmup] = t1 - t0;
            cpu[r - warmup] = c1 - c0;
        }
    }
    double best = wall[0];
    for (int r = 1; r < o->repeats; r++) best = wall[r] < best ? wall[r] : best;
    double seconds = median(wall, o->repeats);
    double cpu_seconds = median(cpu, o->repeats);
    double bytes = (double)matrix_bytes + 4.0 * m * o->k + 4.0 * m * o->n;
    double flops = 2.0 * m * (double)o->n * o->k;
    // A checksum of the last output, so the work cannot be skipped and a broken run shows.
    double checksum = 0;
    for (size_t i = 0; i < (size_t)m * (size_t)o->n; i++) checksum += outputs[i];
    printf("{\"row\": {\"type\": \"%s\", \"m\": %d, \"n\": %d, \"k\": %d, \"threads\": %d, \"repack\": %s, \"us\": %.2f, "
           "\"min_us\": %.2f, \"cpu_us\": %.2f, \"gbps\": %.3f, \"gflops\": %.3f, \"copies\": %d, \"work_bytes\": %zu, "
           "\"checksum\": %.6g}}\n",
           ggml_type_name(type), m, o->n, o->k, o->threads, repack ? "true" : "false", seconds * 1e6, best * 1e6,
           cpu_seconds * 1e6, bytes / seconds / 1e9, flops / seconds / 1e9, copies, plan.work_size, checksum);
    fflush(stdout);
    free(wall);
    free(cpu);
    free(work);
done:
    if (repacked) ggml_backend_buffer_free(repacked);
    free(graphs);
    free(w);
    free(activations);
    free(outputs);
    ggml_free(ctx);
    ggml_free(weight_ctx);
}

/// Quantizes one random weight of `type`, copies it over --rotate-mib, and times every m.
static int bench_type(enum ggml_type type, const options *o, struct ggml_threadpool *pool) {
    if (o->k % ggml_blck_size(type) != 0) {
        fprintf(stderr, "k = %d is not a multiple of %s's block of %lld\n", o->k, ggml_type_name(type),
                (long long)ggml_blck_size(type));
        return 1;
    }
    size_t matrix_bytes = ggml_row_size(type, o->k) * (size_t)o->n;
    size_t rotation = (size_t)o->rotate_mib << 20;
    int copies = (int)(rotation / matrix_bytes);
    if (copies < 2) copies = 2;
    uint8_t *weights = aligned_alloc(64, ((size_t)copies * matrix_bytes + 63) / 64 * 64);
    float *values = malloc(sizeof(float) * (size_t)o->n * (size_t)o->k);
    if (!weights || !values) {
        fprintf(stderr, "out of memory for %d copies of %zu bytes\n", copies, matrix_bytes);
        return 1;
    }
    fill_uniform(values, (size_t)o->n * (size_t)o->k, (uint64_t)type + 1);
    size_t written = ggml_quantize_chunk(type, values, weights, 0, o->n, o->k, NULL);
    if (written != matrix_bytes) {
        fprintf(stderr, "ggml_quantize_chunk wrote %zu bytes, expected %zu\n", written, matrix_bytes);
        return 1;
    }
    free(values);
    for (int c = 1; c < copies; c++) memcpy(weights + (size_t)c * matrix_bytes, weights, matrix_bytes);

    char rows[256];
    snprintf(rows, sizeof rows, "%s", o->rows);
    char *save = NULL;
    for (char *item = strtok_r(rows, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        time_mulmat(type, atoi(item), o, weights, matrix_bytes, copies, pool, NULL);
        ggml_backend_buffer_type_t repack = o->repack ? repack_buffer_type() : NULL;
        if (repack) time_mulmat(type, atoi(item), o, weights, matrix_bytes, copies, pool, repack);
    }
    free(weights);
    return 0;
}

static void usage(const char *program) {
    fprintf(stderr,
            "usage: %s [--types q4_0,q4_1,q8_0,q4_K,q6_K] [--threads 2] [--rows 1,512] [-n 4096] [-k 4096]\n"
            "          [--repeats 20] [--rotate-mib 512] [--repack 0|1]\n",
            program);
}

int main(int argc, char **argv) {
    options o = {.types = "q4_0,q4_1,q8_0,q4_K,q6_K", .rows = "1,512", .threads = 2, .n = 4096, .k = 4096,
                 .repeats = 20, .rotate_mib = 512};
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value) { usage(argv[0]); return 2; }
        if (!strcmp(flag, "--types")) o.types = value;
        else if (!strcmp(flag, "--rows")) o.rows = value;
        else if (!strcmp(flag, "--threads")) o.threads = atoi(value);
        else if (!strcmp(flag, "-n")) o.n = atoi(value);
        else if (!strcmp(flag, "-k")) o.k = atoi(value);
        else if (!strcmp(flag, "--repeats")) o.repeats = atoi(value);
        else if (!strcmp(flag, "--rotate-mib")) o.rotate_mib = atoi(value);
        else if (!strcmp(flag, "--repack")) o.repack = atoi(value);
        else { usage(argv[0]); return 2; }
        i++;
    }
    if (o.threads < 1 || o.n < 1 || o.k < 1 || o.repeats < 1 || o.rotate_mib < 0 || strlen(o.rows) >= 256) {
        usage(argv[0]);
        return 2;
    }
    ggml_cpu_init();
    printf("{\"host\": {\"ggml_version\": \"%s\", \"ggml_commit\": \"%s\", \"threads\": %d, \"avx512\": %d, "
           "\"avx512_vnni\": %d, \"avx512_vbmi\": %d, \"avx_vnni\": %d, \"amx_int8\": %d}}\n",
           ggml_version(), ggml_commit(), o.threads, ggml_cpu_has_avx512(), ggml_cpu_has_avx512_vnni(),
           ggml_cpu_has_avx512_vbmi(), ggml_cpu_has_avx_vnni(), ggml_cpu_has_amx_int8());

    struct ggml_threadpool_params pool_params = ggml_threadpool_params_default(o.threads);
    struct ggml_threadpool *pool = ggml_threadpool_new(&pool_params);
    char types[256];
    snprintf(types, sizeof types, "%s", o.types);
    int status = 0;
    char *save = NULL;
    for (char *name = strtok_r(types, ",", &save); name && !status; name = strtok_r(NULL, ",", &save)) {
        enum ggml_type type = type_named(name);
        if (type == GGML_TYPE_COUNT) {
            fprintf(stderr, "unknown ggml type %s\n", name);
            status = 2;
            break;
        }
        status = bench_type(type, &o, pool);
    }
    ggml_threadpool_free(pool);
    return status;
}
