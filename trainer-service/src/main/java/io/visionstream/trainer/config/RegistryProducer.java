package io.visionstream.trainer.config;

import io.visionstream.common.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the file-system model registry at the configured root injectable. */
@ApplicationScoped
public class RegistryProducer {

    @Produces
    @ApplicationScoped
    ModelRegistry registry(TrainerConfig config) {
        return new ModelRegistry(config.registryRoot());
    }
}
