package io.visionstream.common.drift;

import io.visionstream.common.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a {@link DriftReference} lives in a run or registry version directory, and its reading and writing. */
public final class DriftReferenceFiles {

    public static final String FILE = "drift-reference.json";

    private DriftReferenceFiles() {
    }

    public static void write(Path directory, DriftReference reference) throws IOException {
        Files.write(directory.resolve(FILE), Json.toBytes(reference));
    }

    /** The reference in {@code directory}, or empty when it has none; an unreadable file is an {@link IOException}. */
    public static Optional<DriftReference> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.fromBytes(Files.readAllBytes(file), DriftReference.class));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
