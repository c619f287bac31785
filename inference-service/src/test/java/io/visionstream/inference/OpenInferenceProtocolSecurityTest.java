package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** The /v2 surface follows the read and classify policies of /api/models and /api/classify; its health stays open. */
@QuarkusTest
@TestProfile(OpenInferenceProtocolSecurityTest.TokensRequired.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class OpenInferenceProtocolSecurityTest {

    public static class TokensRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visionstream.inference.security.read-policy", "authenticated",
                    "visionstream.inference.security.classify-policy", "authenticated");
        }
    }

    @Test
    void metadataAndInferenceNeedATokenWhenThePoliciesSaySo() {
        Map<String, Object> request = Map.of("inputs", List.of(Map.of("name", "input", "datatype", "FP32", "shape", List.of(1, 1, 2, 10),
                "data", new float[20])));
        given().get("/v2").then().statusCode(401);
        given().get("/v2/models/anything").then().statusCode(401);
        given().contentType(ContentType.JSON).body(request).post("/v2/models/anything/infer").then().statusCode(401);
        given().contentType(ContentType.JSON).body(request).post("/v2/models/anything/versions/1/infer").then().statusCode(401);
        given().get("/v2/health/live").then().statusCode(200);

        String token = DevJwtTestResource.token("reader@example");
        given().auth().oauth2(token).get("/v2/models/anything").then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(request).post("/v2/models/anything/infer").then().statusCode(404);
    }
}
