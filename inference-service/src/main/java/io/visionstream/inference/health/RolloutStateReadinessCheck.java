package io.visionstream.inference.health;

import io.visionstream.inference.rollout.RolloutCatchUp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the replica has read the fleet's rollout state ({@code model-rollouts} to its end offsets at start):
 * before that it could route an image to a version the fleet does not route it to.
 */
@Readiness
@ApplicationScoped
public class RolloutStateReadinessCheck implements HealthCheck {

    private final RolloutCatchUp catchUp;

    @Inject
    public RolloutStateReadinessCheck(RolloutCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rollout-state").status(catchUp.caughtUp()).build();
    }
}
