package io.visionstream.common.registry;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.testing.SampleManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:58:12Z");

    @TempDir
    Path root;

    private ModelRegistry registry() {
        return new ModelRegistry(root, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ModelRegistry.ContentWriter onnx(String content) {
        return dir -> {
            Files.writeString(dir.resolve("model.onnx"), content);
            Files.writeString(dir.resolve("curves.csv"), "epoch,loss\n1,0.5\n");
        };
    }

    @Test
    void publishingAnUploadedFileCopiesAndHashesItInBuffers(@TempDir Path uploads) throws Exception {
        // what registration does with a multipart upload: a file on disk, copied and hashed by streaming (64 KiB buffers)
        Path upload = uploads.resolve("upload-1");
        java.security.MessageDigest expected = java.security.MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        java.util.Random random = new java.util.Random(1);
        try (var out = Files.newOutputStream(upload)) {
            for (int i = 0; i < 20; i++) {
                random.nextBytes(block);
                out.write(block);
                expected.update(block);
            }
        }

        ModelVersion version = registry().publish(SampleManifests.draft("large"), dir -> Files.copy(upload, dir.resolve("model.onnx")));

        assertThat(version.manifest().onnx().sha256()).isEqualTo(java.util.HexFormat.of().formatHex(expected.digest()));
        assertThat(Sha256.of(version.onnxFile())).isEqualTo(version.manifest().onnx().sha256());
        assertThat(Files.mismatch(upload, version.onnxFile())).isEqualTo(-1);
    }

    @Test
    void publishAssignsVersionRecordsDigestAndReadsBackVerified() throws Exception {
        ModelRegistry registry = registry();

        ModelVersion v1 = registry.publish(SampleManifests.draft("fashion"), onnx("weights-1"));
        ModelVersion v2 = registry.publish(SampleManifests.draft("fashion"), onnx("weights-2"));

        assertThat(v1.manifest().version()).isEqualTo(1);
        assertThat(v2.manifest().version()).isEqualTo(2);
        assertThat(v1.directory()).isEqualTo(root.resolve("fashion").resolve("1"));
        assertThat(v1.manifest().onnx().sha256()).isEqualTo(Sha256.of("weights-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(v1.manifest().createdAt()).isEqualTo(NOW);
        assertThat(v1.directory().resolve("curves.csv")).exists();

        ModelVersion read = registry.get("fashion", 1);
        assertThat(read.manifest()).isEqualTo(v1.manifest());
        assertThat(registry.versions("fashion")).containsExactly(1, 2);
        assertThat(registry.latest("fashion")).map(v -> v.manifest().version()).contains(2);
        assertThat(registry.models()).containsExactly("fashion");
    }

    @Test
    void publishedVersionsAreReadOnly() throws Exception {
        ModelVersion v1 = registry().publish(SampleManifests.draft("fashion"), onnx("weights"));

        // permission bits rather than Files.isWritable, which is always true for root
        for (Path file : List.of(v1.onnxFile(), v1.directory().resolve(ModelManifest.FILE_NAME))) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        }
    }

    @Test
    void concurrentPublishersNeverShareAVersion() throws Exception {
        int publishers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < publishers; i++) {
                String content = "weights-" + i;
                // a separate registry object per thread, as separate processes would have
                ModelRegistry registry = new ModelRegistry(root);
                results.add(pool.submit(() -> {
                    start.await();
                    return registry.publish(SampleManifests.draft("fashion"), onnx(content)).manifest().version();
                }));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> result : results) {
                versions.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(versions).doesNotHaveDuplicates().containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(registry().versions("fashion")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            for (int v = 1; v <= publishers; v++) {
                assertThat(registry().get("fashion", v).manifest().version()).isEqualTo(v);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void halfWrittenVersionIsNeverListed() throws Exception {
        ModelRegistry registry = registry();
        registry.publish(SampleManifests.draft("fashion"), onnx("weights-1"));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ModelVersion> slow = pool.submit(() -> registry.publish(SampleManifests.draft("fashion"), dir -> {
                Files.writeString(dir.resolve("model.onnx"), "weights-2-partial");
                writing.countDown();
                awaitUninterruptibly(release);
            }));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(registry.versions("fashion")).containsExactly(1);
            assertThat(registry.latest("fashion")).map(v -> v.manifest().version()).contains(1);

            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).manifest().version()).isEqualTo(2);
            assertThat(registry.versions("fashion")).containsExactly(1, 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failedWriterLeavesNoVersionBehind() {
        ModelRegistry registry = registry();

        assertThatThrownBy(() -> registry.publish(SampleManifests.draft("fashion"), dir -> {
            Files.writeString(dir.resolve("model.onnx"), "half");
            throw new java.io.IOException("disk full");
        })).isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.IO))
                .hasMessageContaining("disk full");

        assertThat(registry.versions("fashion")).isEmpty();
        assertThat(registry.publish(SampleManifests.draft("fashion"), onnx("ok")).manifest().version()).isEqualTo(1);
    }

    @Test
    void refusesToPublishWithoutTheOnnxFile() {
        assertThatThrownBy(() -> registry().publish(SampleManifests.draft("fashion"), dir -> Files.writeString(dir.resolve("other.bin"), "x")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_CONTENT))
                .hasMessageContaining("no 'model.onnx'").hasMessageContaining("other.bin");
    }

    @Test
    void tamperedOnnxFileFailsVerification() throws Exception {
        ModelVersion v1 = registry().publish(SampleManifests.draft("fashion"), onnx("weights"));
        Path file = v1.onnxFile();
        assertThat(file.toFile().setWritable(true)).isTrue();
        Files.writeString(file, "weights, but altered");

        assertThatThrownBy(() -> registry().get("fashion", 1))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INTEGRITY))
                .hasMessageContaining("fashion/1").hasMessageContaining("sha256").hasMessageContaining("altered");
    }

    @Test
    void missingOnnxFileFailsVerification() throws Exception {
        ModelVersion v1 = registry().publish(SampleManifests.draft("fashion"), onnx("weights"));
        Files.delete(v1.onnxFile());

        assertThatThrownBy(() -> registry().get("fashion", 1))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INTEGRITY))
                .hasMessageContaining("model.onnx is missing");
    }

    @Test
    void verifiedBytesAreTheBytesThatWereHashed() throws Exception {
        ModelVersion v1 = registry().publish(SampleManifests.draft("fashion"), onnx("weights"));

        assertThat(v1.readVerifiedOnnx()).isEqualTo("weights".getBytes(StandardCharsets.UTF_8));

        assertThat(v1.onnxFile().toFile().setWritable(true)).isTrue();
        Files.writeString(v1.onnxFile(), "weights, swapped after the check");
        assertThatThrownBy(v1::readVerifiedOnnx)
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INTEGRITY))
                .hasMessageContaining("sha256").hasMessageContaining("altered");
    }

    @Test
    void anOnnxFileTooLargeForOneArrayIsRefusedBeforeItIsRead() throws Exception {
        ModelVersion v1 = registry().publish(SampleManifests.draft("fashion"), onnx("weights"));
        assertThat(v1.onnxFile().toFile().setWritable(true)).isTrue();
        try (RandomAccessFile file = new RandomAccessFile(v1.onnxFile().toFile(), "rw")) {
            file.setLength(3L * 1024 * 1024 * 1024); // sparse: takes no disk space
        }

        assertThatThrownBy(v1::readVerifiedOnnx)
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_CONTENT))
                .hasMessageContaining("at most 2 GiB");
    }

    @Test
    void aManifestNamingAnotherOnnxFileIsRefused() throws Exception {
        assertThatThrownBy(() -> new ModelManifest.OnnxFile("../../etc/passwd", null, 17, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onnx.file must be 'model.onnx'");

        ModelVersion v1 = registry().publish(SampleManifests.draft("fashion"), onnx("weights"));
        Path manifest = v1.directory().resolve(ModelManifest.FILE_NAME);
        assertThat(manifest.toFile().setWritable(true)).isTrue();
        Files.writeString(manifest, Files.readString(manifest).replace("\"model.onnx\"", "\"curves.csv\""));

        assertThatThrownBy(() -> registry().get("fashion", 1))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INTEGRITY))
                .hasMessageContaining("onnx.file must be 'model.onnx', was 'curves.csv'");
    }

    @Test
    void unknownVersionIsNotFound() {
        registry().publish(SampleManifests.draft("fashion"), onnx("weights"));

        assertThatThrownBy(() -> registry().get("fashion", 7))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
                .hasMessageContaining("fashion has no version 7");
        assertThat(registry().latest("unknown")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "/abs", "", "..", ".hidden", "a/b", "a\\b", "name with space",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void unsafeNamesAreRefusedWithAClearError(String name) {
        assertThatThrownBy(() -> registry().publish(SampleManifests.draft(name), onnx("weights")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_NAME))
                .hasMessageContaining("invalid model name");
        assertThatThrownBy(() -> registry().versions(name)).isInstanceOf(RegistryException.class);
        assertThat(root.getParent().resolve("evil")).doesNotExist();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void acceptsOrdinaryNames() {
        for (String name : List.of("fashion", "resnet-50", "lenet5_v2.cpu", "A1")) {
            assertThat(ModelNames.isValid(name)).as(name).isTrue();
        }
    }
}
