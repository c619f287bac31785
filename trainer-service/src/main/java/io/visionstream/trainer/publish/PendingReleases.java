package io.visionstream.trainer.publish;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Release events Kafka has not acknowledged yet, kept as files under {@code <registry>/.pending-releases/} so they
 * survive a restart, and re-announced every {@value #RETRY_SECONDS} s until the broker acknowledges them.
 */
@ApplicationScoped
public class PendingReleases {

    private static final long RETRY_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(PendingReleases.class);

    private final Path dir;
    private final ReleaseAnnouncer announcer;
    private ScheduledExecutorService retries;

    @Inject
    public PendingReleases(ModelRegistry registry, ReleaseAnnouncer announcer) {
        this.dir = registry.root().resolve(".pending-releases");
        this.announcer = announcer;
    }

    void start(@Observes StartupEvent event) {
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pending-releases");
            thread.setDaemon(true);
            return thread;
        });
        retries.scheduleWithFixedDelay(this::retry, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    void add(ModelManifest manifest) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(manifest.name() + "-" + manifest.version() + ".json"), Json.toBytes(manifest));
        } catch (IOException e) {
            LOG.errorf("cannot queue the release of %s for retry: %s", manifest.ref(), e);
        }
    }

    void retry() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                ModelManifest manifest = Json.fromBytes(Files.readAllBytes(file), ModelManifest.class);
                try {
                    announcer.announce(manifest).toCompletableFuture().get();
                    Files.delete(file);
                    LOG.infof("queued release of %s announced", manifest.ref());
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warnf("release of %s still not acknowledged (%s); retrying in %d s", manifest.ref(), e.getCause(), RETRY_SECONDS);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("retrying queued releases failed: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
