package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every refusal of a malformed request is JSON with a reason: unknown routes and methods, media types, bodies that
 * are not JSON, too long or cut short.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class HttpErrorsTest {

    private static final String JOBS = "/api/training/jobs";
    /** The test profile's quarkus.http.limits.max-body-size, 10240K (1G in production). */
    private static final long MAX_BODY = 10L * 1024 * 1024;
    private static final String UNKNOWN_ARCH = "{\"arch\": \"resnet7\", \"dataset\": \"mnist\"}";

    @Test
    void anUnknownRouteIsA404WithAReason() {
        for (String path : new String[] {"/api/nothing", "/nothing", JOBS + "/x/y/z"}) {
            Tokens.as("ml-admin").get(path).then().statusCode(404).contentType(ContentType.JSON).body("reason", equalTo("NOT_FOUND"));
        }
        Tokens.as("ml-admin").get(JOBS).then().statusCode(200);
    }

    @Test
    void anUnknownMethodIsA405WithAReason() {
        Tokens.as("ml-admin").delete(JOBS).then().statusCode(405).contentType(ContentType.JSON).body("reason", equalTo("METHOD_NOT_ALLOWED"));
        Tokens.as("ml-admin").contentType(ContentType.JSON).body("{}").put(JOBS).then().statusCode(405).body("reason", equalTo("METHOD_NOT_ALLOWED"));
        Tokens.as("ml-admin").get(JOBS).then().statusCode(200);
    }

    @Test
    void aBodyOfTheWrongTypeOrNoTypeAtAllIsA415WithAReason() {
        Tokens.as("ml-admin").contentType(ContentType.TEXT).body("arch=lenet5").post(JOBS).then().statusCode(415)
                .contentType(ContentType.JSON).body("reason", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        for (String notAMediaType : new String[] {"garbage", "///", "application/"}) {
            Tokens.as("ml-admin").header("Content-Type", notAMediaType).body("{}".getBytes(StandardCharsets.UTF_8)).post(JOBS).then()
                    .statusCode(415).contentType(ContentType.JSON).body("reason", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                    .body("message", containsString("is not a media type"));
        }
        Tokens.as("ml-admin").contentType(ContentType.JSON).body("{\"arch\": \"resnet7\", \"dataset\": \"mnist\"}").post(JOBS).then()
                .statusCode(400).body("reason", equalTo("INVALID_ARCH"));
    }

    @Test
    void malformedJsonIsA400WithAReason() {
        for (String body : new String[] {"{\"arch\": ", "[1]", "{\"epochs\": \"many\"}", "{\"spec\": {\"type\": \"no-such-layer\"}}"}) {
            Tokens.as("ml-admin").contentType(ContentType.JSON).body(body).post(JOBS).then().statusCode(400).contentType(ContentType.JSON)
                    .body("reason", equalTo("MALFORMED_JSON"));
        }
        Tokens.as("ml-admin").contentType(ContentType.JSON).body("{\"arch\": \"lenet5\", \"dataset\": \"imagenet\"}").post(JOBS).then()
                .statusCode(400).body("reason", equalTo("INVALID_DATASET"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithA413NamingTheLimitBeforeItIsRead() throws IOException {
        for (String path : new String[] {JOBS, "/api/registry/models/big"}) {
            assertThat(send(path, MAX_BODY + 1, "{}")).startsWith("HTTP/1.1 413").contains("application/json")
                    .contains("\"reason\":\"BODY_TOO_LARGE\"").contains(Long.toString(MAX_BODY)).contains("quarkus.http.limits.max-body-size");
        }
        assertThat(send(JOBS, UNKNOWN_ARCH.length(), UNKNOWN_ARCH)).startsWith("HTTP/1.1 400").contains("INVALID_ARCH");
    }

    @Test
    void aMultipartBodyCutShortIsA400WithAReason() {
        Tokens.as("ml-admin").header("Content-Type", "multipart/form-data; boundary=zz")
                .body("--zz\r\nContent-Disposition: form-data; name=\"model\"; filename=\"model.onnx\"\r\n\r\nabc".getBytes(StandardCharsets.UTF_8))
                .post("/api/registry/models/cut").then().statusCode(400).contentType(ContentType.JSON).body("reason", equalTo("BAD_REQUEST"));
        Tokens.as("ml-admin").header("Content-Type", "multipart/form-data; boundary=zz")
                .body("--zz\r\nContent-Disposition: form-data; name=\"manifest\"\r\n\r\n{}\r\n--zz--\r\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/registry/models/cut").then().statusCode(400).body("reason", equalTo("INVALID_MANIFEST"));
    }

    /** Sends a POST with an admin token declaring {@code length} bytes but sending only {@code body}; returns the whole answer. */
    private static String send(String path, long length, String body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                    + DevJwtTestResource.token("ops@example", "ml-admin") + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
