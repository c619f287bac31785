package io.visionstream.trainer.publish;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.onnxruntime.OrtException;
import io.visionstream.common.drift.DriftReferenceFiles;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.djl.SpecBlocks;
import io.visionstream.trainer.export.OnnxExporter;
import io.visionstream.trainer.export.ParityCheck;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.train.ContinualOutcome;
import io.visionstream.trainer.train.RunFiles;
import io.visionstream.trainer.train.TrainingSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * Turns a finished training run into a served model version: rebuilds the network from the run's summary, loads its
 * best checkpoint, exports ONNX, proves parity on {@value #PARITY_SAMPLES} samples (refusing to publish otherwise),
 * publishes {@code model.onnx}, {@code manifest.json}, the checkpoint, curves, confusion matrix and the run's drift
 * reference (when it made one; parity then includes the embedding) as the next registry version, and announces it on {@code model-releases}. If Kafka does not acknowledge, the version stays in
 * the registry and the announcement is queued for retry; the outcome says which happened.
 */
@ApplicationScoped
public class ModelPublisher {

    static final int PARITY_SAMPLES = 64;
    private static final long PARITY_SEED = 20261124L;
    private static final Logger LOG = Logger.getLogger(ModelPublisher.class);

    private final ModelRegistry registry;
    private final ReleaseAnnouncer announcer;
    private final PendingReleases pending;

    @Inject
    public ModelPublisher(ModelRegistry registry, ReleaseAnnouncer announcer, PendingReleases pending) {
        this.registry = registry;
        this.announcer = announcer;
        this.pending = pending;
    }

    /** What publishing did. */
    public record Outcome(ModelManifest manifest, boolean announced, String detail) {
    }

    /** Publishes the run in {@code runDirectory} as a new version of {@code modelName}. */
    public Outcome publish(Path runDirectory, String modelName) throws IOException, PublishRefusedException, InterruptedException {
        TrainingSummary summary = RunFiles.readSummary(runDirectory);
        NetworkSpec network = summary.network();
        byte[] onnx;
        ModelManifest.Parity parity;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = SpecBlocks.build(network);
            block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(network, 1));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(runDirectory.resolve(RunFiles.BEST_CHECKPOINT))))) {
                block.loadParameters(manager, in);
            } catch (ai.djl.MalformedModelException e) {
                throw new PublishRefusedException("the checkpoint of " + runDirectory + " does not fit its network: " + e.getMessage());
            }
            OnnxExporter.Exported exported = OnnxExporter.export(network, block, modelName, summary.labels(), summary.preprocess(), true);
            ParityCheck.Result check = ParityCheck.check(network, block, manager, exported.onnx(), PARITY_SAMPLES - 2, PARITY_SEED);
            if (!check.passed()) {
                throw new PublishRefusedException(network.arch() + ": the ONNX export does not compute what the DJL model computes ("
                        + check.parity() + "; worst at " + check.firstDifference() + ") - not published");
            }
            LOG.infof("%s: ONNX parity max |dp| %.2e, max relative dlogit %.2e, top-1 agreement %.2f, max relative dembedding %s over %d samples",
                    network.arch(), check.parity().maxAbsDiffProbabilities(), check.parity().maxRelDiffLogits(), check.parity().top1Agreement(),
                    check.parity().maxRelDiffEmbedding(), check.parity().samples());
            onnx = exported.onnx();
            parity = check.parity();
            ModelManifest draft = manifest(modelName, summary, parity, exported.hasEmbedding());
            ModelVersion version = registry.publish(draft, dir -> {
                Files.write(dir.resolve("model.onnx"), onnx);
                Files.copy(runDirectory.resolve(RunFiles.BEST_CHECKPOINT), dir.resolve(RunFiles.REGISTRY_CHECKPOINT));
                for (String file : RunFiles.RESULTS) {
                    boolean unproven = file.equals(DriftReferenceFiles.FILE) && parity.maxRelDiffEmbedding() == null;
                    if (Files.exists(runDirectory.resolve(file)) && !unproven) {
                        Files.copy(runDirectory.resolve(file), dir.resolve(file));
                    }
                }
            });
            LOG.infof("published %s (%s, %.1f MB)", version.manifest().ref(), version.directory(), onnx.length / 1e6);
            return announce(version.manifest());
        } catch (OrtException e) {
            throw new PublishRefusedException("ONNX Runtime cannot run the export of " + network.arch() + ": " + e.getMessage());
        }
    }

    private Outcome announce(ModelManifest manifest) throws InterruptedException {
        try {
            announcer.announce(manifest).toCompletableFuture().get();
            return new Outcome(manifest, true, "release announced on model-releases");
        } catch (ExecutionException e) {
            pending.add(manifest);
            return new Outcome(manifest, false, "published, but Kafka did not acknowledge the release (" + e.getCause()
                    + "); it is queued and retried until it is");
        }
    }

    private static ModelManifest manifest(String name, TrainingSummary s, ModelManifest.Parity parity, boolean embedding) {
        NetworkSpec n = s.network();
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null,
                new ModelManifest.Architecture(n.arch(), Json.mapper().valueToTree(n)),
                new ModelManifest.InputSpec(OnnxExporter.INPUT, n.channels(), n.height(), n.width()),
                new ModelManifest.OutputNames(OnnxExporter.LOGITS, OnnxExporter.PROBABILITIES, embedding ? OnnxExporter.EMBEDDING : null),
                s.preprocess(), s.labels(), new ModelManifest.Metrics(s.bestValTop1(), s.testTop1(), s.testTop5()), parity,
                new ModelManifest.OnnxFile("model.onnx", null, OnnxExporter.OPSET, true),
                training(s));
    }

    /** The manifest's training section: the data set, the recipe, the settings it and the options gave, and a continual job's source. */
    static ModelManifest.Training training(TrainingSummary s) {
        TrainingSettings t = s.settings();
        return new ModelManifest.Training(s.dataset(), s.epochsRun(), t.optimizer().wireName(), t.lr(), t.batchSize(), t.seed(), s.device(),
                t.recipe() == null ? null : t.recipe().wireName(), t.momentum(), t.nesterov(), t.weightDecay(), t.schedule().wireName(),
                t.warmupEpochs(), t.labelSmoothing(), t.augment(), continual(s.continual()));
    }

    /** A continual job's base, trigger and Kafka data set, as the manifest names them; null for other runs. */
    private static ModelManifest.Continual continual(ContinualOutcome outcome) {
        return outcome == null ? null
                : new ModelManifest.Continual(outcome.base(), outcome.trigger(), outcome.dataset(), outcome.trainImages(), outcome.validationImages());
    }
}
