package io.visionstream.inference.config;

import io.visionstream.common.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the file-system model registry at the configured root injectable. */
@ApplicationScoped
public class RegistryProducer {

    @Produces
    @ApplicationScoped
    ModelRegistry registry(InferenceConfig config) {
        return new ModelRegistry(config.registryRoot());
    }
}
