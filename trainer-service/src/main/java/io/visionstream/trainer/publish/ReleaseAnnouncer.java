package io.visionstream.trainer.publish;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Tells every inference replica that a model version exists: produces its manifest to the compacted
 * {@code model-releases} topic, keyed by model name so compaction keeps the latest release per model. The returned
 * stage completes only once the broker has acknowledged the record, so a caller knows the release is durable.
 */
@ApplicationScoped
public class ReleaseAnnouncer {

    /** Channel name, shared with configuration and tests. */
    public static final String CHANNEL = "model-releases-out";
    private static final Logger LOG = Logger.getLogger(ReleaseAnnouncer.class);

    private final Emitter<String> releases;
    private final TrainerConfig config;

    @Inject
    public ReleaseAnnouncer(@Channel(CHANNEL) Emitter<String> releases, TrainerConfig config) {
        this.releases = releases;
        this.config = config;
    }

    /**
     * Announces a published version; the manifest must carry its registry version. The stage fails if the broker
     * does not acknowledge within {@link TrainerConfig#releaseAckTimeout()}.
     */
    public CompletionStage<Void> announce(ModelManifest manifest) {
        if (manifest.version() < 1) {
            throw new IllegalArgumentException("only published versions can be announced; " + manifest.name() + " has no version yet");
        }
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(Json.toJson(manifest))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(manifest.name()).withHeaders(headers).build())
                .withAck(() -> {
                    LOG.infof("release %s announced on model-releases", manifest.ref());
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    LOG.warnf("release %s not acknowledged by Kafka: %s", manifest.ref(), failure.toString());
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        releases.send(message);
        return acknowledged.orTimeout(config.releaseAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
