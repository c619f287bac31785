package io.visionstream.trainer;

import ai.onnx.proto.OnnxMl;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.visionstream.common.json.Json;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.Sha256;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.HeapWatch;
import io.visionstream.trainer.testing.PaddedClassifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #14: a 300 MB model registers with the shipped body limit, and the heap does not grow by its size on the way
 * (upload, signature check, hashing, copy into the registry). A positive control shows the measurement would catch a
 * reader that parses the whole file in memory, so the first test cannot pass because nothing was measured.
 */
@QuarkusTest
@TestProfile(LargeModelUploadTest.ShippedBodyLimit.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class LargeModelUploadTest {

    /** The production body limit from application.properties, instead of the test profile's 10240K. */
    public static class ShippedBodyLimit implements QuarkusTestProfile {
        static final String MAX_BODY_SIZE = "quarkus.http.limits.max-body-size";

        @Override
        public Map<String, String> getConfigOverrides() {
            Properties shipped = new Properties();
            try (InputStream in = ShippedBodyLimit.class.getClassLoader().getResourceAsStream("application.properties")) {
                shipped.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(MAX_BODY_SIZE, shipped.getProperty(MAX_BODY_SIZE));
        }
    }

    private static final int PADDING_BYTES = 300 << 20;
    private static final List<String> LABELS = List.of("cat", "dog", "bird");
    private static final String BOUNDARY = "visionstream-" + UUID.randomUUID();

    private static Path model;

    @Inject
    ModelRegistry registry;

    @ConfigProperty(name = "visionstream.trainer.registry-root")
    Path registryRoot;

    @ConfigProperty(name = ShippedBodyLimit.MAX_BODY_SIZE)
    MemorySize maxBodySize;

    @TestHTTPResource("/api/registry/models/")
    URL registryUrl;

    @BeforeAll
    static void writeModel() throws IOException {
        model = Files.createTempFile("visionstream-large-", ".onnx");
        PaddedClassifier.write(model, 3, LABELS.size(), PADDING_BYTES);
    }

    @AfterAll
    static void deleteModel() throws IOException {
        Files.deleteIfExists(model);
    }

    @Test
    void a300MbModelRegistersWithTheDefaultLimitWithoutTheHeapGrowingByItsSize() throws Exception {
        String name = "large-" + UUID.randomUUID().toString().substring(0, 8);
        long size = Files.size(model);
        assertThat(maxBodySize.asLongValue()).as("the shipped body limit").isGreaterThanOrEqualTo(1L << 30);
        try {
            HttpResponse<String> response;
            HeapWatch heap = HeapWatch.start();
            try (heap) {
                response = register(name, model);
            }
            System.out.printf("registering a %d-byte model: %s%n", size, heap);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(registry.versions(name)).containsExactly(1);
            assertThat(registry.get(name, 1).manifest().onnx().sha256()).isEqualTo(Sha256.of(model));
            // eden fills with the transfer's buffers until a young collection moves what is still live out of it
            assertThat(heap.collectionsWhileWatching()).as("collections during the upload, without which eden was never sorted: " + heap)
                    .isPositive();
            assertThat(heap.peakRetainedGrowth()).as(heap.toString()).isLessThan(size / 3);
        } finally {
            deleteTree(registryRoot.resolve(name));
        }
    }

    @Test
    void theHeapWatchSeesAModelParsedInMemory() throws Exception {
        OnnxMl.ModelProto parsed;
        HeapWatch heap = HeapWatch.start();
        try (heap; InputStream in = Files.newInputStream(model)) {
            parsed = OnnxMl.ModelProto.parseFrom(in);
        }
        System.out.printf("parsing a %d-byte model in memory: %s%n", Files.size(model), heap);

        assertThat(parsed.getGraph().getInitializerList()).extracting(OnnxMl.TensorProto::getName).contains(PaddedClassifier.PADDING_NAME);
        assertThat(heap.peakRetainedGrowth()).as(heap.toString()).isGreaterThanOrEqualTo(PADDING_BYTES);
    }

    /** Registers through a real HTTP call whose multipart body is streamed from the file, never built in memory. */
    private HttpResponse<String> register(String name, Path onnx) throws Exception {
        String manifest = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"manifest\"\r\nContent-Type: application/json\r\n\r\n"
                + Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS)) + "\r\n";
        String modelHead = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"; filename=\"model.onnx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        HttpRequest request = HttpRequest.newBuilder(registryUrl.toURI().resolve(name)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + DevJwtTestResource.token("ops@example", "ml-admin"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(manifest + modelHead),
                        HttpRequest.BodyPublishers.ofFile(onnx), HttpRequest.BodyPublishers.ofString("\r\n--" + BOUNDARY + "--\r\n")))
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
