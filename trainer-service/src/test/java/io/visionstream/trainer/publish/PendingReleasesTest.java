package io.visionstream.trainer.publish;

import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.testing.SampleManifests;
import io.visionstream.trainer.config.TrainerConfig;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** A release Kafka did not acknowledge is kept on disk and re-announced until it is: never lost. */
class PendingReleasesTest {

    @TempDir
    Path root;

    @Test
    void unacknowledgedReleaseIsKeptAndRetriedUntilTheBrokerTakesIt() throws Exception {
        SwitchableEmitter broker = new SwitchableEmitter();
        ReleaseAnnouncer announcer = new ReleaseAnnouncer(broker, new Config());
        PendingReleases pending = new PendingReleases(new ModelRegistry(root), announcer);
        ModelManifest release = SampleManifests.draft("fashion").published(3, "a".repeat(64), Instant.parse("2026-11-24T10:00:00Z"));

        pending.add(release);
        pending.retry(); // the broker is still down
        Path queued = root.resolve(".pending-releases").resolve("fashion-3.json");
        assertThat(queued).exists();
        assertThat(broker.delivered).isEmpty();

        broker.up = true;
        pending.retry();

        assertThat(queued).doesNotExist();
        assertThat(broker.delivered).hasSize(1);
        assertThat(Json.fromJson(broker.delivered.get(0), ModelManifest.class)).isEqualTo(release);
    }

    /** A channel whose broker is down (every record nacked) until {@code up}. */
    private static final class SwitchableEmitter implements Emitter<String> {
        volatile boolean up;
        final List<String> delivered = new ArrayList<>();

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            if (up) {
                delivered.add(message.getPayload());
                message.ack();
            } else {
                message.nack(new IllegalStateException("broker unreachable"));
            }
        }

        @Override
        public CompletionStage<Void> send(String payload) {
            throw new UnsupportedOperationException("the announcer sends messages");
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    private static final class Config implements TrainerConfig {
        @Override
        public Path registryRoot() {
            return Path.of("registry");
        }

        @Override
        public Path runsRoot() {
            return Path.of("runs");
        }

        @Override
        public Path dataDir() {
            return Path.of("data");
        }

        @Override
        public Duration releaseAckTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Security security() {
            throw new UnsupportedOperationException("pending releases do not use the HTTP security settings");
        }

        @Override
        public Jobs jobs() {
            throw new UnsupportedOperationException("pending releases do not use the job limits");
        }

        @Override
        public Continual continual() {
            throw new UnsupportedOperationException("pending releases do not use continual training");
        }
    }
}
