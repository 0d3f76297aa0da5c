import ArgumentParser
import Checkpoint
import Compiler
import Executor
import Foundation

/// `quantjit run MODEL.gguf --prompt "…" -n N`: generates text with a GGUF Llama-family model
/// on the CPU (reference linear layers), streaming it, then reports the speeds.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate text with a GGUF model (Llama family).",
        discussion: "Streams the continuation to standard output; the load time and speeds go to standard error."
    )

    @Argument(help: "The GGUF model file.")
    var model: String

    @Option(name: .long, help: "The prompt. Control tokens such as <|im_start|> are recognized.")
    var prompt: String

    @Option(name: .short, help: "Maximum number of tokens to generate.")
    var n: Int = 64

    @Flag(name: .long, help: "Wrap the prompt as one ChatML user turn (<|im_start|>user … <|im_start|>assistant).")
    var chat = false

    @Option(name: .long, help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(name: .customLong("top-k"), help: "Sample among the k most likely tokens (0 = all).")
    var topK: Int = 40

    @Option(name: .customLong("top-p"), help: "Sample among the most likely tokens whose probability reaches p.")
    var topP: Float = 0.95

    @Option(name: .long, help: "Seed of the sampler.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Threads for the linear layers and attention (default: all cores).")
    var threads: Int?

    @Option(help: "Compile cache directory (default: $QUANTJIT_CACHE_DIR, else $XDG_CACHE_HOME/quantjit, else ~/.cache/quantjit).")
    var cacheDir: String?

    @Flag(help: "Compile every kernel afresh: neither read nor write the on-disk compile cache.")
    var noCache = false

    @Option(name: .long, help: "Linear layers: jit (kernels compiled at load for the model's formats and shapes) or reference (scalar dequantize + dot).")
    var kernels: String = "jit"

    @Option(name: .long, help: ArgumentHelp("Re-quantize every linear weight at load and run it on that scheme's JIT kernels: \(RequantizationScheme.allCases.map(\.rawValue).joined(separator: ", ")) (an accuracy and speed preview of the scheme on this model).", valueName: "scheme"))
    var requantize: String?

    @Flag(name: .long, help: "Compute as llama.cpp's CPU path does, bit for bit (its int8 summation order for Q4_1/Q8_0, its exp, softmax, RoPE and RMSNorm arithmetic): logits identical to llama.cpp's AVX2 build; prefill ~20-25% slower.")
    var matchLlamaCpp = false

    func validate() throws {
        if let requantize, RequantizationScheme(rawValue: requantize) == nil {
            throw ValidationError("--requantize must be one of \(RequantizationScheme.allCases.map(\.rawValue).joined(separator: ", ")), got '\(requantize)'")
        }
        guard ["jit", "reference"].contains(kernels) else { throw ValidationError("--kernels must be jit or reference, got '\(kernels)'") }
        guard n >= 0 else { throw ValidationError("-n must be ≥ 0, got \(n)") }
        guard temperature >= 0 else { throw ValidationError("--temperature must be ≥ 0, got \(temperature)") }
        guard topK >= 0 else { throw ValidationError("--top-k must be ≥ 0, got \(topK)") }
        guard topP > 0 && topP <= 1 else { throw ValidationError("--top-p must be in (0, 1], got \(topP)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
        guard FileManager.default.fileExists(atPath: model) else { throw ValidationError("no such model file: \(model)") }
    }

    func run() throws {
        let standardError = FileHandle.standardError
        func log(_ text: String) { standardError.write(Data(text.utf8)) }
        let loadStart = Date()
        let interactive = isatty(STDERR_FILENO) != 0
        let name = URL(fileURLWithPath: model).lastPathComponent
        if interactive { log("loading \(name)…") }
        let file = try GGUFFile(path: model)
        let tokenizer = try BPETokenizer(gguf: file)
        let pool = threads.map { ThreadPool(threads: $0) } ?? .allCores
        let disk = noCache ? nil : CompileCache(explicitDirectory: cacheDir)
        let cache = GGUFKernelCache(cachedCompiler: CachedCPUCompiler(cache: disk))
        let factory: LinearKernelFactory
        if let scheme = requantize.flatMap(RequantizationScheme.init(rawValue:)) {
            factory = RequantizingLinearFactory(scheme: scheme, cache: cache)
        } else if kernels == "jit" {
            // Gather every variant the model's tensor types need and compile them at once,
            // concurrently; the layers then find them compiled.
            var options = JITLinearOptions()
            options.ggmlOrder = matchLlamaCpp
            let jit = JITLinearFactory(options: options, cache: cache)
            try jit.prepare(types: Array(Set(file.tensors.filter { $0.dimensions.filter { $0 > 1 }.count == 2 }.map(\.type))))
            factory = jit
        } else {
            factory = ReferenceLinearFactory()
        }
        let llama = try LlamaModel(file: file, factory: factory, threads: pool,
                                   attentionPrecision: matchLlamaCpp ? .ggml : .float) { done, total in
            // One progress line, rewritten in place on a terminal.
            if interactive { log("\r\u{1B}[Kloading \(name): layer \(done)/\(total)") }
        }
        let loadSeconds = Date().timeIntervalSince(loadStart)
        if interactive { log("\r\u{1B}[K") }
        log(String(format: "loaded %@ (%@, %d layers, hidden %d, vocabulary %d) in %.2f s on %d threads\n",
                   name, llama.config.architecture, llama.config.layerCount,
                   llama.config.hiddenSize, llama.config.vocabularySize, loadSeconds, pool.threads))
        if kernels == "jit" || requantize != nil {
            let jit = cache.statistics
            log(String(format: "JIT: %d kernel variants in %.1f ms at load (%d from the disk cache): %@\n", jit.variants,
                       jit.seconds * 1e3, jit.diskHits, cache.compiledNames.joined(separator: ", ")))
        }

        let text = chat ? "<|im_start|>user\n\(prompt)<|im_end|>\n<|im_start|>assistant\n" : prompt
        let promptTokens = tokenizer.encode(text, addSpecial: true, parseSpecial: true)
        guard !promptTokens.isEmpty else { throw ValidationError("the prompt encodes to no tokens") }
        let generator = TextGenerator(model: llama, tokenizer: tokenizer)
        let sampling = SamplingOptions(temperature: temperature, topK: topK, topP: topP, seed: seed)
        var decoder = StreamingDecoder()
        let standardOutput = FileHandle.standardOutput
        standardOutput.write(Data(tokenizer.decode(promptTokens).utf8))
        let (_, statistics) = try generator.generate(promptTokens: promptTokens, maxTokens: n, sampling: sampling) { token in
            standardOutput.write(Data(decoder.append(tokenizer.bytes(of: token)).utf8))
        }
        standardOutput.write(Data((decoder.finish() + "\n").utf8))
        log(String(format: "load: %.2f s | prompt: %d tokens, %.1f tokens/s | generation: %d tokens, %.1f tokens/s\n",
                   loadSeconds, statistics.promptTokens, statistics.promptTokensPerSecond,
                   statistics.generatedTokens, statistics.generationTokensPerSecond))
    }
}
