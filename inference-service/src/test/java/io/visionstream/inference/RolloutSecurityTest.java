package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.visionstream.common.json.Json;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rollout change (PUT and PATCH of the rollout, promote, rollback) needs a bearer token that is signed by the
 * trusted key, comes from the configured issuer, names the service's audience, has not expired and carries role
 * {@code ml-admin}; anything less is refused with a JSON reason (401, or 403 for a valid token without the role) and
 * changes nothing. The same requests with an admin token succeed.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class RolloutSecurityTest extends KafkaServiceTestSupport {

    private static final Duration HOUR = Duration.ofHours(1);

    /** A rollout change: how to send it for a model. */
    private record Change(String name, Function<RequestSpecification, Response> send) {
    }

    /** Credentials the service must refuse, with the status it must refuse them with. */
    private record Credentials(String name, Supplier<String> token, int status, String reason) {
    }

    private static List<Change> changes(String model) {
        String rollout = "/api/models/" + model + "/rollout";
        return List.of(
                new Change("PUT rollout", r -> r.contentType(ContentType.JSON).body(Json.toJson(Map.of("canary", Map.of("version", 2, "weightPercent", 20))))
                        .put(rollout)),
                new Change("PATCH rollout", r -> r.contentType("application/merge-patch+json").body(Json.toJson(Map.of("canary", Map.of("weightPercent", 30))))
                        .patch(rollout)),
                new Change("promote", r -> r.queryParam("reason", "tested").post("/api/models/" + model + "/promote")),
                new Change("rollback", r -> r.post("/api/models/" + model + "/rollback")));
    }

    private static final List<Credentials> REFUSED = List.of(
            new Credentials("no token", () -> null, 401, "UNAUTHORIZED"),
            new Credentials("a token signed by an untrusted key", () -> DevJwtTestResource.untrustedToken("ops@example", "ml-admin"), 401, "UNAUTHORIZED"),
            new Credentials("a token from another issuer", () -> DevJwtTestResource.tokenWith("https://issuer.example", DevJwt.AUDIENCE,
                    Instant.now().plus(HOUR), "ops@example", "ml-admin"), 401, "UNAUTHORIZED"),
            new Credentials("a token for another audience", () -> DevJwtTestResource.tokenWith(DevJwt.ISSUER, "someone-else",
                    Instant.now().plus(HOUR), "ops@example", "ml-admin"), 401, "UNAUTHORIZED"),
            new Credentials("an expired token", () -> DevJwtTestResource.tokenWith(DevJwt.ISSUER, DevJwt.AUDIENCE,
                    Instant.now().minus(Duration.ofMinutes(10)), "ops@example", "ml-admin"), 401, "UNAUTHORIZED"),
            new Credentials("a valid token without role ml-admin", () -> DevJwtTestResource.token("viewer@example", "viewer"), 403, "FORBIDDEN"));

    @Test
    void everyChangeRefusesInsufficientCredentialsAndAcceptsAnAdmin() {
        String model = stableWithCanary(unique("secured"), TinyClassifiers.columnClassifier(1, 10), 10);
        String before = given().get("/api/models/" + model + "/rollout").then().statusCode(200).extract().asString();

        for (Change change : changes(model)) {
            for (Credentials credentials : REFUSED) {
                String token = credentials.token().get();
                RequestSpecification request = token == null ? given() : given().auth().oauth2(token);

                Response answer = change.send().apply(request);

                String what = change.name() + " with " + credentials.name();
                assertThat(answer.statusCode()).as(what).isEqualTo(credentials.status());
                assertThat(answer.contentType()).as(what).startsWith("application/json");
                assertThat(answer.jsonPath().getString("reason")).as(what).isEqualTo(credentials.reason());
                assertThat(answer.jsonPath().getString("message")).as(what).isNotBlank();
                if (credentials.status() == 401) {
                    assertThat(answer.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
                }
            }
        }
        assertThat(given().get("/api/models/" + model + "/rollout").then().statusCode(200).extract().asString()).as("nothing changed").isEqualTo(before);

        for (Change change : changes(model)) {
            Response answer = change.send().apply(admin());
            assertThat(answer.statusCode()).as(change.name() + " as ml-admin: " + answer.asString()).isEqualTo(200);
        }
    }
}
