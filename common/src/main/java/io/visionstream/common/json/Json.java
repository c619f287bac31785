package io.visionstream.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration for every shared document, so the trainer, the inference service and the JSON
 * Schemas in {@code schemas/} agree on the wire format: ISO-8601 timestamps and durations, absent optional fields omitted,
 * unknown fields tolerated (a newer producer may add fields without breaking an older consumer).
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /** Applies the shared settings to a mapper (e.g. one a framework created) and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The shared mapper; thread-safe once configured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + document.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(Object document) {
        return new String(toBytes(document), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Parses a document; a malformed document fails with an {@link IllegalArgumentException} whose message
     * names the type and what was wrong, so callers can report it (DLQ reason, HTTP 400) without Jackson types.
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + describe(e), e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            Throwable root = jpe;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String location = jpe.getLocation() == null ? "" : " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")";
            String message = root instanceof IllegalArgumentException ? root.getMessage() : jpe.getOriginalMessage();
            return message + location;
        }
        throw new UncheckedIOException(e);
    }
}
