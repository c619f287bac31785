package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.visionstream.common.json.Json;
import io.visionstream.inference.rest.ErrorBody;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every error the service answers is JSON with a reason and a message, whether the REST layer refuses the request
 * (route, method, media type, JSON, role), Vert.x does (Content-Type that is no media type, body over the limit,
 * credentials) or something fails unexpectedly (500 without a stack trace).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class HttpErrorsTest {

    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    @Test
    void unknownRoutesAre404() {
        refused(given().get("/no-such-route"), 404, "NOT_FOUND").body("message", containsString("GET /no-such-route"));
        refused(given().get("/api/models/some-model/no-such-part"), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodsAre405() {
        refused(given().get("/api/classify"), 405, "METHOD_NOT_ALLOWED").body("message", containsString("GET /api/classify"));
        refused(given().delete("/api/classify"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void unsupportedMediaTypesAre415() {
        refused(given().contentType(ContentType.TEXT).body("hello").post("/api/classify"), 415, "UNSUPPORTED_MEDIA_TYPE")
                .body("message", containsString("text/plain"));
        refused(admin().contentType(ContentType.TEXT).body("hello").put("/api/models/any/rollout"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIs400() {
        for (String contentType : new String[] {"garbage", "image/", "/png"}) {
            refused(given().header("Content-Type", contentType).body(new byte[] {1, 2, 3}).post("/api/classify"), 400, "BAD_CONTENT_TYPE")
                    .body("message", containsString("'" + contentType));
        }
        refused(admin().header("Content-Type", "json").body(new byte[] {'{', '}'}).put("/api/models/any/rollout"), 400, "BAD_CONTENT_TYPE");
    }

    @Test
    void malformedJsonIs400() {
        refused(admin().contentType(ContentType.JSON).body("{\"canary\": ").put("/api/models/any/rollout"), 400, "MALFORMED_JSON")
                .body("message", startsWith("the body is not valid JSON"));
        refused(admin().contentType("application/merge-patch+json").body("{not json}").patch("/api/models/any/rollout"), 400, "MALFORMED_JSON")
                .body("message", containsString("line 1, column 2"));
    }

    @Test
    void aBodyOverTheLimitIs413NamingTheLimit() {
        refused(given().contentType("image/png").body(new byte[MAX_BODY_BYTES + 1]).post("/api/classify"), 413, "BODY_TOO_LARGE")
                .body("message", allOf(containsString(Integer.toString(MAX_BODY_BYTES + 1)), containsString("limit of " + MAX_BODY_BYTES + " bytes")));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsSent() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            String answer = readAll(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/json");
            ErrorBody body = Json.fromJson(answer.substring(answer.indexOf("\r\n\r\n") + 4), ErrorBody.class);
            assertThat(body.reason()).isEqualTo("BODY_TOO_LARGE");
            assertThat(body.message()).contains("1000000000 bytes", "limit of " + MAX_BODY_BYTES);
        }
    }

    @Test
    void anImageOverTheDecoderLimitKeepsItsOwnReason() {
        refused(given().contentType("image/png").body(new byte[11 * 1024 * 1024]).post("/api/classify"), 413, "TOO_LARGE");
    }

    @Test
    void aRouteFailedWithABareStatusGetsItsReason() {
        refused(given().get("/test-only/status-route"), 413, "BODY_TOO_LARGE").body("message", containsString("GET /test-only/status-route"));
    }

    @Test
    void unexpectedFailuresAre500WithoutDetails() {
        for (String path : new String[] {"/test-only/failing-resource", "/test-only/failing-route"}) {
            refused(given().get(path), 500, "INTERNAL_ERROR")
                    .body("message", allOf(startsWith("unexpected error "), not(containsString(FailingEndpoints.SECRET)), not(containsString("at io."))));
        }
    }

    private static ValidatableResponse refused(Response response, int status, String reason) {
        return response.then().statusCode(status).contentType(ContentType.JSON).body("reason", equalTo(reason))
                .body("message", not(equalTo("")));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevJwtTestResource.token("ops@example", "ml-admin"));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
