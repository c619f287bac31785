package io.visionstream.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

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
}
