package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.RolloutPolicy;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The canary gate's default policy, written once: the service's configuration defaults
 * ({@code visionstream.inference.rollout.gate.*}) and the gate simulator both read these values, so the simulator
 * judges what users get.
 */
public final class GateDefaults {

    public static final String CRITERIA = "errors,latency,agreement";
    public static final String ALPHA = "0.01";
    public static final String PROMOTE_ALPHA = "0.05";
    public static final String MIN_SAMPLES = "50";
    public static final String MAX_DURATION = "PT1H";
    public static final String ON_HEALTHY = "promote";
    public static final String MAX_LATENCY_RATIO = "2.0";
    public static final String MAX_ERROR_EXCESS = "0.02";
    public static final String MIN_AGREEMENT = "0.85";
    public static final String SAMPLE_RATE = "0.05";
    public static final String MAX_ACCURACY_DROP = "0.02";

    private GateDefaults() {
    }

    /** The default policy as a {@link RolloutPolicy} with every field set. */
    public static RolloutPolicy policy() {
        return new RolloutPolicy(Arrays.stream(CRITERIA.split(",")).map(GateCriterion::parse).collect(Collectors.toSet()),
                Double.valueOf(ALPHA), Double.valueOf(PROMOTE_ALPHA), Integer.valueOf(MIN_SAMPLES), Duration.parse(MAX_DURATION),
                RolloutPolicy.OnHealthy.parse(ON_HEALTHY), Double.valueOf(MAX_LATENCY_RATIO), Double.valueOf(MAX_ERROR_EXCESS),
                Double.valueOf(MIN_AGREEMENT), Double.valueOf(SAMPLE_RATE), Double.valueOf(MAX_ACCURACY_DROP));
    }
}
