package io.visionstream.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the trainer service ({@code visionstream.trainer.*} in application.properties). */
@ConfigMapping(prefix = "visionstream.trainer")
public interface TrainerConfig {

    /** Model registry root, {@code <root>/<name>/<version>/}; default {@code registry} (a PVC on Kubernetes). */
    @WithDefault("registry")
    Path registryRoot();

    /** Where service-mode training jobs write their run directories; default {@code runs}. */
    @WithDefault("runs")
    Path runsRoot();

    /** Where data sets are cached after the first fetch; default {@code data}. */
    @WithDefault("data")
    Path dataDir();

    /** How long to wait for the broker to acknowledge a release event; default 30 s. */
    @WithDefault("30s")
    java.time.Duration releaseAckTimeout();

    /** Who may call the HTTP API, and which files a request may name ({@code visionstream.trainer.security.*}). */
    Security security();

    /** How much work the service accepts at once ({@code visionstream.trainer.jobs.*}). */
    Jobs jobs();

    /**
     * Submitting and cancelling jobs needs a bearer JWT with role {@code ml-admin} or {@code ml-trainer} (a job that
     * publishes, and model registration, need {@code ml-admin}); reads need what {@link #readPolicy()} says. The CLI
     * runs as the local user and is not confined.
     */
    interface Security {
        /**
         * Policy of GET /api/training/jobs* and GET /api/registry/models* (job details show file paths): {@code permit},
         * {@code authenticated} (default: any valid token) or {@code ml-admin}.
         */
        @WithDefault("authenticated")
        ReadPolicy readPolicy();

        /**
         * Directories that paths named in an HTTP request ({@code dataPath}, {@code initFrom}, {@code imagefolder:}
         * data sets, {@code resume}) must lie in, after symbolic links are resolved; default: the data dir, the runs
         * root and the registry root.
         */
        Optional<List<Path>> allowedRoots();
    }

    /** Values of {@link Security#readPolicy()}, each the name of an HTTP security policy. */
    enum ReadPolicy {
        PERMIT, AUTHENTICATED, ML_ADMIN
    }

    /** Bounds that keep one client from queueing unbounded work or holding unbounded connections. */
    interface Jobs {
        /** Jobs accepted but not finished (queued or running) at once; one more is refused with 429; default 16. */
        @WithDefault("16")
        int queueCapacity();

        /** Finished jobs kept for GET (the oldest finished are forgotten first; their run directories stay); default 100. */
        @WithDefault("100")
        int keepFinished();

        /** Server-sent event streams open at once, over all jobs; one more is refused with 429; default 32. */
        @WithDefault("32")
        int maxEventStreams();
    }
}
