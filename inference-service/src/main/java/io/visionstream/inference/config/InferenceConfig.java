package io.visionstream.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Typed configuration of the inference service ({@code visionstream.inference.*} in application.properties). */
@ConfigMapping(prefix = "visionstream.inference")
public interface InferenceConfig {

    /** Model registry root the service reads versions from (read-only mount on Kubernetes); default {@code registry}. */
    @WithDefault("registry")
    Path registryRoot();
}
