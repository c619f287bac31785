package io.visionstream.trainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.visionstream.common.json.Json;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.TestData;
import io.visionstream.trainer.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Every path a training request can name (dataPath, initFrom, an imagefolder: data set, resume, and arch as a run
 * directory name) must lie in the allowed roots once symbolic links are resolved; a path outside is refused with the
 * same message whether it exists or not. The test profile's roots: target/test-data, target/test-runs, target/test-registry.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class PathConfinementTest {

    private static final String JOBS = "/api/training/jobs";
    private static Path inside;
    private static Path insideTree;
    private static Path outside;
    private static Path outsideTree;
    /** A link inside an allowed root to the directory outside. */
    private static Path escape;

    @BeforeAll
    static void files() throws Exception {
        inside = TestData.writeIdx(TestData.allowedDirectory("confined-"), TestData.bands(200, 1), TestData.bands(50, 2));
        insideTree = TestData.imageTree(TestData.allowedDirectory("confined-tree-"), 4, 3);
        outside = TestData.writeIdx(Files.createTempDirectory("outside-"), TestData.bands(200, 1), TestData.bands(50, 2));
        outsideTree = TestData.imageTree(outside.resolve("tree"), 4, 3);
        escape = Files.createSymbolicLink(TestData.allowedDirectory("links-").resolve("escape"), outside);
    }

    private static Map<String, Object> job(String key, Object value) {
        Map<String, Object> job = new HashMap<>(Map.of("arch", "lenet5", "dataset", "mnist", "epochs", 1, "batchSize", 32, "limitTrain", 64,
                "dataPath", inside.toString()));
        job.put(key, value);
        return job;
    }

    private static ValidatableResponse submit(Map<String, Object> job) {
        return Tokens.as("ml-trainer").contentType(ContentType.JSON).body(job).post(JOBS).then();
    }

    private static void refused(String field, Map<String, Object> job) {
        submit(job).statusCode(400).body("reason", equalTo("PATH_NOT_ALLOWED")).body("field", equalTo(field))
                .body("message", containsString("is not inside"));
    }

    /** The refusal's message with the path named replaced, to compare refusals of different paths. */
    private static String refusal(String field, String path, Map<String, Object> job) {
        String message = submit(job).statusCode(400).body("field", equalTo(field)).extract().path("message");
        return message.replace(path, "PATH");
    }

    @Test
    void dataPathMustBeInside() {
        refused("dataPath", job("dataPath", outside.toString()));
        refused("dataPath", job("dataPath", escape.toString()));
        refused("dataPath", job("dataPath", inside + "/../../../src"));
        assertThat(refusal("dataPath", outside.toString(), job("dataPath", outside.toString())))
                .isEqualTo(refusal("dataPath", outside.resolve("missing").toString(), job("dataPath", outside.resolve("missing").toString())));

        cancel(submit(job("dataPath", inside.toString())).statusCode(202).extract().path("id"));
    }

    @Test
    void initFromMustBeInside() {
        refused("initFrom", job("initFrom", outside.toString()));
        refused("initFrom", job("initFrom", escape.toString()));
        refused("initFrom", job("initFrom", "/etc"));
        assertThat(refusal("initFrom", "/etc", job("initFrom", "/etc"))).isEqualTo(refusal("initFrom", "/no/such/run", job("initFrom", "/no/such/run")));

        cancel(submit(job("initFrom", inside.toString())).statusCode(202).extract().path("id"));
    }

    @Test
    void anImageFolderMustBeInside() {
        refused("dataset", job("dataset", "imagefolder:" + outsideTree));
        refused("dataset", job("dataset", "imagefolder:" + escape.resolve("tree")));
        assertThat(refusal("dataset", outsideTree.toString(), job("dataset", "imagefolder:" + outsideTree)))
                .isEqualTo(refusal("dataset", outside.resolve("none").toString(), job("dataset", "imagefolder:" + outside.resolve("none"))));

        Map<String, Object> tree = job("dataset", "imagefolder:" + insideTree);
        tree.remove("dataPath");
        cancel(submit(tree).statusCode(202).extract().path("id"));
    }

    @Test
    void aResumedRunMustBeUnderTheRunsRootAndNameOnlyAllowedPaths() throws Exception {
        Map<String, Object> first = job("epochs", 1);
        String id = submit(first).statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> Tokens.as("ml-viewer").get(JOBS + "/" + id).path("finishedAt") != null);
        Path run = Path.of(Tokens.as("ml-viewer").get(JOBS + "/" + id).then().body("status", equalTo("SUCCEEDED")).extract().<String>path("summary.runDirectory"));
        Path runsRoot = run.getParent();
        Path outsideRun = copy(run, outside.resolve("run"));
        Path linkedRun = Files.createSymbolicLink(runsRoot.resolve("linked-" + id), outsideRun);
        Path rewritten = copy(run, runsRoot.resolve("rewritten-" + id));
        ObjectNode state = (ObjectNode) Json.mapper().readTree(rewritten.resolve("resume.json").toFile());
        ObjectNode settings = (ObjectNode) state.get("settings");
        settings.put("localData", settings.get("localData").asText().replace(inside.toRealPath().toString(), outside.toString()));
        Files.writeString(rewritten.resolve("resume.json"), Json.toJson(state));

        refused("resume", Map.of("resume", "../../etc"));
        refused("resume", Map.of("resume", outsideRun.toString()));
        refused("resume", Map.of("resume", linkedRun.getFileName().toString()));
        refused("resume", Map.of("resume", rewritten.getFileName().toString(), "epochs", 2));
        submit(Map.of("resume", "no-such-run")).statusCode(400).body("reason", not(equalTo("PATH_NOT_ALLOWED")));

        String resumed = submit(Map.of("resume", run.getFileName().toString(), "epochs", 2)).statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> Tokens.as("ml-viewer").get(JOBS + "/" + resumed).path("finishedAt") != null);
        Tokens.as("ml-viewer").get(JOBS + "/" + resumed).then().body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void aCustomNetworksArchMustBeADirectoryName() {
        Map<String, Object> tiny = Map.of("type", "sequential", "layers", List.of(Map.of("type", "flatten"), Map.of("type", "dense", "units", 10)));
        for (String arch : List.of("../escape", "a/b", "/tmp/x", ".hidden", "")) {
            Map<String, Object> job = job("spec", tiny);
            job.put("arch", arch);
            submit(job).statusCode(400).body("field", equalTo("arch")).body("reason", equalTo("INVALID_ARCH"));
        }

        Map<String, Object> named = job("spec", tiny);
        named.put("arch", "tiny-net_1.0");
        cancel(submit(named).statusCode(202).extract().path("id"));
    }

    private static Path copy(Path run, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(run)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        return to;
    }

    private static void cancel(String id) {
        Tokens.as("ml-admin").post(JOBS + "/" + id + "/cancel");
        await().atMost(Duration.ofSeconds(60)).until(() -> Tokens.as("ml-admin").get(JOBS + "/" + id).path("finishedAt") != null);
    }
}
