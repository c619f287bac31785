package io.visionstream.trainer.testing;

import io.restassured.specification.RequestSpecification;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.auth.DevJwtTestResource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Callers of the trainer's API in tests: by role, and with tokens the service must refuse. */
public final class Tokens {

    private Tokens() {
    }

    /** A request with a valid token carrying these roles. */
    public static RequestSpecification as(String... roles) {
        return given().auth().oauth2(DevJwtTestResource.token("tester@example", roles));
    }

    /**
     * Tokens that carry role {@code ml-admin} but must be refused (401), by what is wrong with them: signed by an
     * unknown key, from another issuer, for another audience, expired beyond the clock skew.
     */
    public static Map<String, String> refused() {
        Instant later = Instant.now().plusSeconds(3600);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("untrusted key", DevJwtTestResource.untrustedToken("mallory@example", "ml-admin"));
        tokens.put("wrong issuer", DevJwtTestResource.tokenWith("https://elsewhere.example", DevJwt.AUDIENCE, later, "mallory@example", "ml-admin"));
        tokens.put("wrong audience", DevJwtTestResource.tokenWith(DevJwt.ISSUER, "another-service", later, "mallory@example", "ml-admin"));
        tokens.put("expired", DevJwtTestResource.tokenWith(DevJwt.ISSUER, DevJwt.AUDIENCE, Instant.now().minusSeconds(120), "ops@example", "ml-admin"));
        return tokens;
    }
}
