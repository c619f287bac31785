package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.TestData;
import io.visionstream.trainer.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The job service's limits, set small here: one unfinished job (the next is 429 QUEUE_FULL), one finished job kept,
 * one open event stream (the next is 429 TOO_MANY_STREAMS); and reads restricted to ml-admin by the read policy.
 */
@QuarkusTest
@TestProfile(BoundedWorkTest.SmallLimits.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class BoundedWorkTest {

    /** Limits of 1 and admin-only reads. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visionstream.trainer.jobs.queue-capacity", "1", "visionstream.trainer.jobs.keep-finished", "1",
                    "visionstream.trainer.jobs.max-event-streams", "1", "visionstream.trainer.security.read-policy", "ml-admin");
        }
    }

    private static final String JOBS = "/api/training/jobs";
    private static Path data;

    @BeforeAll
    static void generateData() throws Exception {
        data = TestData.writeIdx(TestData.allowedDirectory("bounded-"), TestData.bands(200, 1), TestData.bands(50, 2));
    }

    private static String submit(int epochs) {
        return Tokens.as("ml-trainer").contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "mnist", "epochs", epochs, "batchSize", 16, "limitTrain", 64, "dataPath", data.toString()))
                .post(JOBS).then().statusCode(202).extract().path("id");
    }

    @Test
    void aFullQueueRefusesTheNextJobUntilOneFinishes() {
        String running = submit(500);

        Tokens.as("ml-trainer").contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "mnist", "dataPath", data.toString()))
                .post(JOBS).then().statusCode(429).contentType(ContentType.JSON).body("reason", equalTo("QUEUE_FULL"));

        cancelAndAwait(running);
        cancelAndAwait(submit(500));
    }

    @Test
    void onlyTheNewestFinishedJobsAreKept() {
        String older = submit(1);
        awaitFinished(older);
        String newer = submit(1);
        awaitFinished(newer);

        Tokens.as("ml-admin").get(JOBS + "/" + older).then().statusCode(404).body("reason", equalTo("NOT_FOUND"));
        Tokens.as("ml-admin").get(JOBS + "/" + newer).then().statusCode(200).body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void eventStreamsBeyondTheLimitAreRefusedAndAClosedStreamFreesItsPlace() throws Exception {
        String id = submit(500);
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<InputStream> first = client.send(events(id), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> second = client.send(events(id), HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("\"reason\":\"TOO_MANY_STREAMS\"");

        first.body().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<InputStream> again = client.send(events(id), HttpResponse.BodyHandlers.ofInputStream());
            again.body().close();
            return again.statusCode() == 200;
        });
        cancelAndAwait(id);
    }

    @Test
    void theReadPolicyCanRestrictReadsToAdmins() {
        for (String read : new String[] {JOBS, "/api/registry/models"}) {
            Tokens.as("ml-trainer").get(read).then().statusCode(403).contentType(ContentType.JSON).body("reason", equalTo("FORBIDDEN"));
            Tokens.as("ml-admin").get(read).then().statusCode(200);
        }
    }

    private static HttpRequest events(String id) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + JOBS + "/" + id + "/events"))
                .header("Authorization", "Bearer " + DevJwtTestResource.token("ops@example", "ml-admin")).build();
    }

    private static void cancelAndAwait(String id) {
        Tokens.as("ml-trainer").post(JOBS + "/" + id + "/cancel").then().statusCode(200);
        awaitFinished(id);
    }

    private static void awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(120)).until(() -> Tokens.as("ml-admin").get(JOBS + "/" + id).path("finishedAt") != null);
    }
}
