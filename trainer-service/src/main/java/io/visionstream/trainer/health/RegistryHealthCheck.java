package io.visionstream.trainer.health;

import io.visionstream.common.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The trainer can only publish into a registry root it can write: ready only then. */
@Readiness
@ApplicationScoped
public class RegistryHealthCheck implements HealthCheck {

    private final ModelRegistry registry;

    @Inject
    public RegistryHealthCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        Path root = registry.root();
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".health-", ".probe");
            Files.delete(probe);
            return HealthCheckResponse.named("model-registry").up().withData("root", root.toString()).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("model-registry").down().withData("root", root.toString())
                    .withData("error", e.toString()).build();
        }
    }
}
