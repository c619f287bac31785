package io.visionstream.inference.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.visionstream.common.json.Json;
import jakarta.inject.Singleton;

/**
 * Gives the HTTP API the same JSON as the Kafka topics (ISO-8601 times and durations, absent fields omitted), so a
 * rollout state read from {@code GET .../rollout} is byte-for-byte the document on {@code model-rollouts}.
 */
@Singleton
public class SharedJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
