package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.TestData;
import io.visionstream.trainer.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Who may do what with training jobs: submitting and cancelling need a valid token with role ml-trainer or ml-admin,
 * publishing needs ml-admin, reading needs a valid token; every refusal is JSON (401 with a Bearer challenge, 403).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class TrainingAuthorizationTest {

    private static final String JOBS = "/api/training/jobs";
    private static Path data;

    @BeforeAll
    static void generateData() throws Exception {
        data = TestData.writeIdx(TestData.allowedDirectory("auth-"), TestData.bands(200, 1), TestData.bands(50, 2));
    }

    /** A job long enough to still run when the test cancels it. */
    private static Map<String, Object> job() {
        return new HashMap<>(Map.of("arch", "lenet5", "dataset", "mnist", "epochs", 500, "batchSize", 16, "dataPath", data.toString()));
    }

    @Test
    void submittingNeedsAValidTokenWithATrainingRole() {
        given().contentType(ContentType.JSON).body(job()).post(JOBS).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").contentType(ContentType.JSON).body("reason", equalTo("UNAUTHORIZED"));
        Tokens.refused().forEach((defect, token) -> given().auth().oauth2(token).contentType(ContentType.JSON).body(job()).post(JOBS)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("reason", equalTo("UNAUTHORIZED")));
        Tokens.as("ml-viewer").contentType(ContentType.JSON).body(job()).post(JOBS).then().statusCode(403)
                .contentType(ContentType.JSON).body("reason", equalTo("FORBIDDEN"));

        cancel(Tokens.as("ml-trainer").contentType(ContentType.JSON).body(job()).post(JOBS).then().statusCode(202).extract().path("id"));
        cancel(Tokens.as("ml-admin").contentType(ContentType.JSON).body(job()).post(JOBS).then().statusCode(202).extract().path("id"));
    }

    @Test
    void onlyAnAdminMaySubmitAJobThatPublishes() {
        Map<String, Object> publishing = job();
        publishing.put("publishAs", "auth-probe");

        Tokens.as("ml-trainer").contentType(ContentType.JSON).body(publishing).post(JOBS).then().statusCode(403)
                .body("reason", equalTo("FORBIDDEN")).body("field", equalTo("publishAs"));

        cancel(Tokens.as("ml-admin").contentType(ContentType.JSON).body(publishing).post(JOBS).then().statusCode(202).extract().path("id"));
    }

    @Test
    void cancellingNeedsAValidTokenWithATrainingRole() {
        String id = Tokens.as("ml-admin").contentType(ContentType.JSON).body(job()).post(JOBS).then().statusCode(202).extract().path("id");
        String cancel = JOBS + "/" + id + "/cancel";

        given().post(cancel).then().statusCode(401).body("reason", equalTo("UNAUTHORIZED"));
        Tokens.refused().forEach((defect, token) -> given().auth().oauth2(token).post(cancel).then().statusCode(401));
        Tokens.as("ml-viewer").post(cancel).then().statusCode(403).body("reason", equalTo("FORBIDDEN"));
        Tokens.as("ml-viewer").get(JOBS + "/" + id).then().body("status", not(equalTo("CANCELLED")));

        Tokens.as("ml-trainer").post(cancel).then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "CANCELLED".equals(Tokens.as("ml-viewer").get(JOBS + "/" + id).path("status")));
    }

    @Test
    void readingJobsAndModelsNeedsAValidToken() {
        String id = Tokens.as("ml-trainer").contentType(ContentType.JSON).body(job()).post(JOBS).then().statusCode(202).extract().path("id");
        cancel(id);

        for (String read : new String[] {JOBS, JOBS + "/" + id, JOBS + "/" + id + "/events", "/api/registry/models"}) {
            given().get(read).then().statusCode(401).header("WWW-Authenticate", "Bearer").body("reason", equalTo("UNAUTHORIZED"));
            Tokens.refused().forEach((defect, token) -> given().auth().oauth2(token).get(read).then().statusCode(401));
            Tokens.as("ml-viewer").get(read).then().statusCode(200);
        }
        Tokens.as("ml-viewer").get(JOBS).then().body("id", hasItem(id));
    }

    private static void cancel(String id) {
        Tokens.as("ml-admin").post(JOBS + "/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> Tokens.as("ml-admin").get(JOBS + "/" + id).path("finishedAt") != null);
    }
}
