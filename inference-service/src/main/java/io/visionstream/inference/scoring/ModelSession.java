package io.visionstream.inference.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.onnx.GraphSignature;
import io.visionstream.common.onnx.ManifestFit;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.TensorBatch;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.registry.RegistryException;
import org.jboss.logging.Logger;

import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One model version opened in ONNX Runtime and proven servable: the session is created from the very bytes whose
 * sha256 was checked against the manifest (never by reopening the file, which could have been swapped in between),
 * the graph is self-contained (no external tensor data), its input and output signature fits the manifest by the
 * rule that registered it ({@link ManifestFit}: float input {@code [batch, C, H, W]}, or {@code [batch, H, W, C]} for
 * an NHWC layout, the batch dynamic or fixed at 1; scores {@code [batch, classes]} with one class per label, from the
 * probabilities output or, with logits only, through {@link Softmax}), and it has run once (warm-up). When the manifest
 * names a logits output, each run also returns the logits, read from the same run; opened with embeddings (for drift
 * monitoring, only when the manifest names an embedding output) it also returns the {@code embedding} output of that
 * same run - no second forward pass. Thread-safe for {@link #score};
 * closed once no batch can use it any more.
 */
public final class ModelSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelSession.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelManifest manifest;
    private final ExecutionProvider provider;
    private final String providerNote;
    private final Preprocessor preprocessor;
    private final Set<String> outputNames;
    private final String embeddingOutput;
    private final int maxBatchSize;
    private final Instant loadedAt;

    private ModelSession(OrtEnvironment environment, OrtSession session, ModelManifest manifest, ExecutionProvider provider,
                         String providerNote, int maxBatchSize, boolean withEmbeddings) {
        this.environment = environment;
        this.session = session;
        this.manifest = manifest;
        this.provider = provider;
        this.providerNote = providerNote;
        this.preprocessor = new Preprocessor(manifest.preprocess());
        this.embeddingOutput = withEmbeddings ? manifest.outputs().embedding() : null;
        this.outputNames = Stream.of(manifest.outputs().scores(), manifest.outputs().logits(), embeddingOutput).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
        this.maxBatchSize = maxBatchSize;
        this.loadedAt = Instant.now();
    }

    /**
     * Reads and verifies a registry version's ONNX file, then opens, checks and warms up a session from those bytes;
     * with {@code withEmbeddings}, every run also returns the manifest's embedding output (ignored when it names none).
     */
    public static ModelSession open(OrtEnvironment environment, ModelVersion version, SessionSettings settings, boolean withEmbeddings)
            throws ModelLoadException {
        ModelManifest manifest = version.manifest();
        byte[] onnx = readVerified(version);
        ExternalDataCheck.requireSelfContained(manifest.ref(), onnx);
        OpenedSession opened = openWithFallback(environment, onnx, settings, manifest.ref());
        ModelSession model = null;
        try {
            int maxBatch = checkSignature(opened.session, manifest) ? 1 : settings.batching().batchSize(manifest);
            model = new ModelSession(environment, opened.session, manifest, opened.provider, opened.note, maxBatch, withEmbeddings);
            model.warmUp();
            return model;
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(opened.session);
            throw e;
        } catch (OrtException e) {
            closeQuietly(opened.session);
            throw new ModelLoadException(ModelLoadException.Reason.WARM_UP, manifest.ref() + ": the warm-up run failed: " + e.getMessage(), e);
        }
    }

    public ModelRef ref() {
        return manifest.ref();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /** Why this provider is in use (e.g. the CUDA error that caused a fallback to CPU). */
    public String providerNote() {
        return providerNote;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Largest batch this session runs: the configured maximum, or 1 if the graph fixes its batch dimension at 1. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** A reusable direct input buffer sized for this model. */
    public TensorBatch newBatch() {
        return new TensorBatch(preprocessor, maxBatchSize, manifest.input().layout());
    }

    /**
     * Scores any number of preprocessed images ({@link Preprocessor#apply}) in batches of at most {@link #maxBatchSize()},
     * for callers that hold a whole list at once (e.g. a side-by-side canary probe).
     */
    public float[][] scoreAll(List<float[]> inputs) throws OrtException {
        float[][] probabilities = new float[inputs.size()][];
        TensorBatch batch = newBatch();
        for (int from = 0; from < inputs.size(); from += maxBatchSize) {
            batch.clear();
            int to = Math.min(inputs.size(), from + maxBatchSize);
            for (int i = from; i < to; i++) {
                batch.put(i - from, inputs.get(i));
            }
            System.arraycopy(score(batch).probabilities(), 0, probabilities, from, to - from);
        }
        return probabilities;
    }

    /** Whether each run also returns the embedding output. */
    public boolean returnsEmbeddings() {
        return embeddingOutput != null;
    }

    /**
     * Runs the model on the filled part of {@code batch}; returns one probability vector per image and, when the
     * manifest names logits, one logit vector per image from the same run (with logits only, the probabilities are
     * their softmax), and the embeddings when {@link #returnsEmbeddings()}.
     */
    public BatchScores score(TensorBatch batch) throws OrtException {
        int n = batch.size();
        ModelManifest.OutputNames outputs = manifest.outputs();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch.view(), batch.shape());
             OrtSession.Result result = session.run(Map.of(manifest.input().name(), input), outputNames)) {
            float[][] scores = rows(result, outputs.scores(), n);
            float[][] embeddings = embeddingOutput == null ? null : embeddings(result, n);
            if (!outputs.scoresAreLogits()) {
                return new BatchScores(scores, outputs.logits() == null ? null : rows(result, outputs.logits(), n), embeddings);
            }
            float[][] probabilities = new float[n][];
            for (int i = 0; i < n; i++) {
                probabilities[i] = scores[i].clone();
                Softmax.inPlace(probabilities[i]);
            }
            return new BatchScores(probabilities, scores, embeddings);
        }
    }

    /** The embedding output of a run on {@code n} images: one row of equal width per image. */
    private float[][] embeddings(OrtSession.Result result, int n) {
        OnnxValue value = result.get(embeddingOutput).orElseThrow(() -> new IllegalStateException(ref() + " did not return its output '"
                + embeddingOutput + "'"));
        FloatBuffer output = ((OnnxTensor) value).getFloatBuffer();
        if (output.remaining() % n != 0) {
            throw new IllegalStateException(ref() + " returned " + output.remaining() + " values in '" + embeddingOutput + "' for " + n + " images");
        }
        float[][] rows = new float[n][output.remaining() / n];
        for (float[] row : rows) {
            output.get(row);
        }
        return rows;
    }

    /** Output {@code name} of a run on {@code n} images, one row of one value per class for each image. */
    private float[][] rows(OrtSession.Result result, String name, int n) {
        int classes = manifest.labels().size();
        OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException(ref() + " did not return its output '" + name + "'"));
        FloatBuffer output = ((OnnxTensor) value).getFloatBuffer();
        if (output.remaining() != n * classes) {
            throw new IllegalStateException(ref() + " returned " + output.remaining() + " values in '" + name + "' for " + n + " images x "
                    + classes + " classes");
        }
        float[][] rows = new float[n][classes];
        for (float[] row : rows) {
            output.get(row);
        }
        return rows;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private void warmUp() throws OrtException {
        TensorBatch batch = newBatch();
        float[] zeros = new float[manifest.preprocess().floatsPerImage()];
        for (int i = 0; i < maxBatchSize; i++) {
            batch.put(i, zeros);
        }
        score(batch);
    }

    private record OpenedSession(OrtSession session, ExecutionProvider provider, String note) {
    }

    private static byte[] readVerified(ModelVersion version) throws ModelLoadException {
        try {
            return version.readVerifiedOnnx();
        } catch (RegistryException e) {
            ModelLoadException.Reason reason = switch (e.reason()) {
                case INTEGRITY -> ModelLoadException.Reason.INTEGRITY;
                case INVALID_CONTENT -> ModelLoadException.Reason.INVALID_MODEL;
                default -> ModelLoadException.Reason.UNREADABLE;
            };
            throw new ModelLoadException(reason, e.getMessage(), e);
        }
    }

    private static OpenedSession openWithFallback(OrtEnvironment environment, byte[] onnx, SessionSettings settings, ModelRef ref)
            throws ModelLoadException {
        String note = "CPU execution provider as configured";
        if (settings.preferredProvider() == ExecutionProvider.CUDA) {
            try (OrtSession.SessionOptions options = baseOptions(settings);
                 OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(settings.cudaDeviceId())) {
                settings.cudaMemoryLimitBytes().ifPresent(limit -> addCudaOption(cuda, "gpu_mem_limit", Long.toString(limit)));
                options.addCUDA(cuda);
                return new OpenedSession(environment.createSession(onnx, options), ExecutionProvider.CUDA,
                        "CUDA execution provider on device " + settings.cudaDeviceId());
            } catch (OrtException | RuntimeException e) {
                note = "CUDA was requested but is unavailable, fell back to CPU: " + e.getMessage();
                LOG.warnf("%s: %s", ref, note);
            }
        }
        try (OrtSession.SessionOptions options = baseOptions(settings)) {
            return new OpenedSession(environment.createSession(onnx, options), ExecutionProvider.CPU, note);
        } catch (OrtException e) {
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MODEL, ref + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    private static void addCudaOption(OrtCUDAProviderOptions cuda, String key, String value) {
        try {
            cuda.add(key, value);
        } catch (OrtException e) {
            throw new IllegalArgumentException("invalid CUDA option " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions baseOptions(SessionSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(settings.optimizationLevel());
        if (settings.intraOpThreads() > 0) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
        }
        options.addConfigEntry("session.intra_op.allow_spinning", settings.allowSpinning() ? "1" : "0");
        if (settings.interOpThreads() > 0) {
            options.setInterOpNumThreads(settings.interOpThreads());
        }
        return options;
    }

    /** Checks the graph against the manifest ({@link ManifestFit}); returns whether it fixes the batch size at 1. */
    private static boolean checkSignature(OrtSession session, ModelManifest manifest) throws ModelLoadException {
        GraphSignature graph;
        try {
            graph = SessionSignature.of(session);
        } catch (OrtException e) {
            throw new ModelLoadException(ModelLoadException.Reason.SIGNATURE, manifest.ref() + ": cannot read the graph's signature: " + e.getMessage(), e);
        }
        List<String> problems = ManifestFit.mismatches(graph, manifest);
        if (!problems.isEmpty()) {
            throw new ModelLoadException(ModelLoadException.Reason.SIGNATURE,
                    manifest.ref() + ": signature does not match the manifest: " + String.join("; ", problems));
        }
        return graph.inputs().get(manifest.input().name()).shape()[0] == 1;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warnf("closing an ONNX Runtime session failed: %s", e.getMessage());
        }
    }
}
