package io.visionstream.common.registry;

import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A Triton-style model repository on a file system: {@code <root>/<name>/<version>/} with integer versions, each
 * holding {@code model.onnx}, {@code manifest.json} and whatever else the publisher wrote (checkpoint, curves).
 *
 * <p>Guarantees: versions are allocated atomically, also across processes sharing the directory (a version number
 * is claimed by exclusively creating {@code <name>/.claims/<version>}); a version becomes visible only complete (it
 * is written under a hidden staging directory and renamed into place); it is immutable once visible (files made
 * read-only, never rewritten); and reading a version verifies the sha256 of its ONNX file against the manifest.
 */
public final class ModelRegistry {

    private static final String CLAIMS_DIR = ".claims";
    private static final String STAGING_PREFIX = ".staging-";

    private final Path root;
    private final Clock clock;

    public ModelRegistry(Path root) {
        this(root, Clock.systemUTC());
    }

    public ModelRegistry(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path root() {
        return root;
    }

    /** Writes the files of a version into a (staging) directory. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(Path directory) throws IOException;
    }

    /**
     * Publishes a new version of {@code draft.name()}: the writer fills a staging directory that must end up holding
     * the ONNX file the draft names; the registry assigns the next version, records the file's sha256 and the time
     * in the manifest, writes {@code manifest.json} and makes the version visible in one rename.
     */
    public ModelVersion publish(ModelManifest draft, ContentWriter writer) {
        String name = ModelNames.requireValid(draft.name());
        Path modelDir = root.resolve(name);
        Path staging = modelDir.resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(modelDir.resolve(CLAIMS_DIR));
            Files.createDirectory(staging);
            writer.writeTo(staging);
            Path onnx = staging.resolve(draft.onnx().file());
            if (!Files.isRegularFile(onnx)) {
                throw new RegistryException(RegistryException.Reason.INVALID_CONTENT, "cannot publish " + name
                        + ": the writer produced no '" + draft.onnx().file() + "' (found: " + fileNames(staging) + ")");
            }
            String sha256 = Sha256.of(onnx);
            int version = claimNextVersion(modelDir);
            ModelManifest manifest = draft.published(version, sha256, clock.instant());
            Files.write(staging.resolve(ModelManifest.FILE_NAME), Json.toBytes(manifest));
            makeReadOnly(staging);
            Path target = modelDir.resolve(Integer.toString(version));
            moveIntoPlace(staging, target);
            return new ModelVersion(target, manifest);
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.IO, "publishing " + name + " failed: " + e, e);
        } finally {
            deleteQuietly(staging);
        }
    }

    /** Names of all models with at least one visible version, sorted. */
    public List<String> models() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(ModelNames::isValid).filter(n -> !versions(n).isEmpty()).sorted().toList();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.IO, "cannot list " + root + ": " + e, e);
        }
    }

    /** Visible (complete) versions of a model, ascending; empty if the model is unknown. */
    public List<Integer> versions(String name) {
        Path modelDir = root.resolve(ModelNames.requireValid(name));
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        List<Integer> versions = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDir)) {
            for (Path entry : entries) {
                Integer version = parseVersion(entry.getFileName().toString());
                if (version != null && Files.isRegularFile(entry.resolve(ModelManifest.FILE_NAME))) {
                    versions.add(version);
                }
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.IO, "cannot list versions of " + name + ": " + e, e);
        }
        versions.sort(Comparator.naturalOrder());
        return versions;
    }

    /** The highest visible version, verified; empty if the model has none. */
    public Optional<ModelVersion> latest(String name) {
        List<Integer> versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(get(name, versions.get(versions.size() - 1)));
    }

    /**
     * Reads and verifies one version: the manifest must parse and name this model and version, and the ONNX file
     * must hash to the manifest's sha256.
     */
    public ModelVersion get(String name, int version) {
        Path dir = root.resolve(ModelNames.requireValid(name)).resolve(Integer.toString(version));
        ModelManifest manifest = readManifest(name, version, dir);
        if (!manifest.name().equals(name) || manifest.version() != version) {
            throw new RegistryException(RegistryException.Reason.INTEGRITY, name + "/" + version + ": manifest.json describes "
                    + manifest.name() + "/" + manifest.version());
        }
        ModelVersion found = new ModelVersion(dir, manifest);
        verify(found);
        return found;
    }

    private static ModelManifest readManifest(String name, int version, Path dir) {
        try {
            return Json.fromBytes(Files.readAllBytes(dir.resolve(ModelManifest.FILE_NAME)), ModelManifest.class);
        } catch (NoSuchFileException e) {
            throw new RegistryException(RegistryException.Reason.NOT_FOUND, "model " + name + " has no version " + version);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.INTEGRITY, name + "/" + version + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.IO, "cannot read " + name + "/" + version + ": " + e, e);
        }
    }

    private static void verify(ModelVersion version) {
        Path onnx = version.onnxFile();
        try {
            version.requireDigest(Sha256.of(onnx));
        } catch (NoSuchFileException e) {
            throw version.missingOnnx();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.IO, "cannot read " + onnx + ": " + e, e);
        }
    }

    /** Claims max(existing, claimed) + 1 by exclusive file creation; a lost race simply tries the next number. */
    private static int claimNextVersion(Path modelDir) throws IOException {
        Path claims = modelDir.resolve(CLAIMS_DIR);
        int candidate = Math.max(highestNumber(modelDir), highestNumber(claims)) + 1;
        while (true) {
            try {
                Files.createFile(claims.resolve(Integer.toString(candidate)));
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                candidate++;
            }
        }
    }

    private static int highestNumber(Path dir) throws IOException {
        int highest = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Integer n = parseVersion(entry.getFileName().toString());
                if (n != null) {
                    highest = Math.max(highest, n);
                }
            }
        }
        return highest;
    }

    private static Integer parseVersion(String fileName) {
        if (fileName.isEmpty() || fileName.length() > 9 || !fileName.chars().allMatch(Character::isDigit) || fileName.charAt(0) == '0') {
            return null;
        }
        return Integer.parseInt(fileName);
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new RegistryException(RegistryException.Reason.IO, "the registry file system cannot rename atomically; "
                    + "versions could become visible half-written, so publishing is refused", e);
        }
    }

    private static void makeReadOnly(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.toFile().setWritable(false, false)) {
                    throw new IOException("cannot make " + file + " read-only");
                }
            }
        }
    }

    private static String fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover hidden staging directory is never listed; nothing else to do
        }
    }
}
