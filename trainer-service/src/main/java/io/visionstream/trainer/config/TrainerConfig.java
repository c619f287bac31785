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

    /** Continual training from the labelled stream ({@code visionstream.trainer.continual.*}). */
    Continual continual();

    /**
     * The join of {@code images} with {@code labels} into {@code images.labelled} (Kafka Streams), and the bounds of a
     * continual job's data set.
     */
    interface Continual {
        /** Topic of the images, key = image id; default {@code images}. */
        @WithDefault("images")
        String imagesTopic();

        /** Topic of the ground truth, key = image id, {@code GroundTruth} JSON; default {@code labels}. */
        @WithDefault("labels")
        String labelsTopic();

        /** Topic the join writes and continual jobs read; default {@code images.labelled}. */
        @WithDefault("images.labelled")
        String labelledTopic();

        /** Whether this replica runs the join; default true. Jobs read the labelled topic either way. */
        @WithDefault("true")
        boolean joinEnabled();

        /**
         * An image and its label meet when their record times are at most this far apart, label before or after the
         * image; default 1 h. The join keeps the images of this span in its state stores.
         */
        @WithDefault("1h")
        java.time.Duration window();

        /** How long after the window closes a record that arrived out of order is still joined; default 5 min. */
        @WithDefault("5m")
        java.time.Duration grace();

        /** The join's Kafka Streams application id (prefix of its state topics and consumer group); default {@code visionstream-trainer-labelled}. */
        @WithDefault("visionstream-trainer-labelled")
        String applicationId();

        /** The join's local state (RocksDB); default: a fresh temporary directory, restored from the changelog topics. */
        Optional<Path> stateDir();

        /** How often the join commits its progress; default 1 s. */
        @WithDefault("1s")
        java.time.Duration commitInterval();

        /** The most labelled images one continual job reads (they are held in memory); default 100000. */
        @WithDefault("100000")
        int maxImages();

        /**
         * Whether this service acts on {@code training-triggers} (the inference service's retrain policy): each
         * trigger starts a continual job on its base version with the newest {@link #triggeredLast()} labelled images;
         * default true.
         */
        @WithDefault("true")
        boolean followTriggers();

        /** Topic of the training triggers; default {@code training-triggers}. */
        @WithDefault("training-triggers")
        String triggersTopic();

        /**
         * Labelled images a triggered job trains and validates on: the newest of those since the trigger's evidence
         * began (all of the topic when the trigger does not say); default 2000.
         */
        @WithDefault("2000")
        int triggeredLast();

        /**
         * How long a trigger waits for {@link #triggeredLast()} labelled images since its evidence began (labels
         * follow the images they describe, often by minutes); the job then starts with what there is; default 10 min.
         */
        @WithDefault("10m")
        java.time.Duration triggeredWait();

        /** Epochs of a triggered job; default 3. */
        @WithDefault("3")
        int triggeredEpochs();

        /** Triggers remembered for {@code GET /api/training/continual/triggers} (the oldest are forgotten first); default 100. */
        @WithDefault("100")
        int keepTriggers();
    }

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
