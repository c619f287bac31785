package io.visionstream.inference.health;

import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.rollout.RolloutTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Set;

/**
 * Ready only when at least one model version is loaded and warmed up (Kafka connectivity has its own readiness
 * check from the messaging extension). Until then a load balancer must not send traffic here.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final RolloutTable models;
    private final InferenceConfig config;

    @Inject
    public ModelsReadinessCheck(RolloutTable models, InferenceConfig config) {
        this.models = models;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> served = models.routedNames();
        return HealthCheckResponse.named("models").status(!served.isEmpty())
                .withData("served", String.join(",", served.stream().sorted().toList()))
                .withData("defaultModel", config.defaultModel())
                .withData("defaultModelServed", served.contains(config.defaultModel()))
                .build();
    }
}
