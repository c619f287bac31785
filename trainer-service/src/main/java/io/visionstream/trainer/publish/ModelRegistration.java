package io.visionstream.trainer.publish;

import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.onnx.ManifestFit;
import io.visionstream.common.registry.ModelNames;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static io.visionstream.trainer.publish.RegistrationRejectedException.Reason.INVALID_MANIFEST;
import static io.visionstream.trainer.publish.RegistrationRejectedException.Reason.INVALID_MODEL;
import static io.visionstream.trainer.publish.RegistrationRejectedException.Reason.INVALID_NAME;

/**
 * Registers an ONNX image classifier that was not trained here (e.g. exported from PyTorch): checks the manifest and
 * that the graph's signature fits it and keeps no tensor in an external file, publishes it as the next registry version, and announces it on
 * {@code model-releases} so every inference replica loads it. Nothing is written if a check fails.
 */
@ApplicationScoped
public class ModelRegistration {

    private static final Logger LOG = Logger.getLogger(ModelRegistration.class);

    private final ModelRegistry registry;
    private final ReleaseAnnouncer announcer;

    @Inject
    public ModelRegistration(ModelRegistry registry, ReleaseAnnouncer announcer) {
        this.registry = registry;
        this.announcer = announcer;
    }

    /** What a registration did: the published version, and whether its release event was acknowledged by Kafka. */
    public record Result(ModelManifest manifest, boolean announced, String announceError) {
    }

    public Result register(String name, byte[] manifestJson, Path onnxFile) throws RegistrationRejectedException {
        if (!ModelNames.isValid(name)) {
            throw new RegistrationRejectedException(INVALID_NAME, "invalid model name '" + name + "': use 1-" + ModelNames.MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        ModelManifest draft = parse(name, manifestJson);
        checkSignature(draft, onnxFile);
        ModelVersion version = registry.publish(draft, dir -> Files.copy(onnxFile, dir.resolve(ModelManifest.ONNX_FILE_NAME), StandardCopyOption.REPLACE_EXISTING));
        LOG.infof("registered %s (sha256 %s)", version.manifest().ref(), version.manifest().onnx().sha256());
        try {
            announcer.announce(version.manifest()).toCompletableFuture().get();
            return new Result(version.manifest(), true, null);
        } catch (ExecutionException e) {
            return new Result(version.manifest(), false, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(version.manifest(), false, "interrupted while waiting for Kafka");
        }
    }

    private static ModelManifest parse(String name, byte[] manifestJson) throws RegistrationRejectedException {
        if (manifestJson == null || manifestJson.length == 0) {
            throw new RegistrationRejectedException(INVALID_MANIFEST, "the 'manifest' part is missing or empty");
        }
        ModelManifest parsed;
        try {
            parsed = Json.fromBytes(manifestJson, ModelManifest.class);
        } catch (IllegalArgumentException e) {
            throw new RegistrationRejectedException(INVALID_MANIFEST, e.getMessage());
        }
        if (!parsed.name().equals(name)) {
            throw new RegistrationRejectedException(INVALID_MANIFEST, "the manifest names model '" + parsed.name() + "' but it is registered as '" + name + "'");
        }
        // the registry assigns version, digest and time; the file name is always model.onnx (ModelManifest refuses others)
        ModelManifest.OnnxFile onnx = new ModelManifest.OnnxFile(ModelManifest.ONNX_FILE_NAME, null, parsed.onnx().opset(), parsed.onnx().bnFolded());
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null, parsed.architecture(), parsed.input(), parsed.outputs(),
                parsed.preprocess(), parsed.labels(), parsed.metrics(), parsed.parity(), onnx, parsed.training());
    }

    private static void checkSignature(ModelManifest draft, Path onnxFile) throws RegistrationRejectedException {
        OnnxSignature signature;
        try {
            if (onnxFile == null || Files.size(onnxFile) == 0) {
                throw new RegistrationRejectedException(INVALID_MODEL, "the 'model' part (the .onnx file) is missing or empty");
            }
            signature = OnnxSignature.read(onnxFile);
        } catch (IOException e) {
            throw new RegistrationRejectedException(INVALID_MODEL, e.getMessage());
        }
        List<String> problems = ManifestFit.mismatches(signature.graph(), draft);
        if (!problems.isEmpty()) {
            throw new RegistrationRejectedException(INVALID_MODEL, "the graph does not fit the manifest: " + String.join("; ", problems));
        }
    }
}
