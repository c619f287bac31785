package io.visionstream.inference;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Runs the online-quality join in a {@code @QuarkusTest}, committing and sweeping often so tests see its sums quickly. */
public class QualityProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("visionstream.inference.quality.enabled", "true",
                "visionstream.inference.quality.application-id", "quality-" + java.util.UUID.randomUUID(),
                "visionstream.inference.quality.commit-interval", "200ms",
                "visionstream.inference.quality.sweep-interval", "200ms",
                "visionstream.inference.quality.window", "10m");
    }
}
