package io.visionstream.local.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a fresh JWT signing key: the service verifies tokens against its public key (issuer
 * {@link DevJwt#ISSUER}, audience {@link DevJwt#AUDIENCE}), and the test mints tokens with
 * {@link #token(String, String...)} - or ones the service must refuse: {@link #untrustedToken}, {@link #tokenWith}.
 */
public class DevJwtTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DevJwt keys;
    private static final DevJwt UNTRUSTED = DevJwt.generate();
    private Path publicKey;

    @Override
    public Map<String, String> start() {
        keys = DevJwt.generate();
        try {
            publicKey = Files.createTempFile("visionstream-jwt-", ".pem");
            Files.writeString(publicKey, keys.publicKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mp.jwt.verify.publickey.location", publicKey.toUri().toString(), "mp.jwt.verify.issuer", DevJwt.ISSUER,
                "mp.jwt.verify.audiences", DevJwt.AUDIENCE);
    }

    /** A token for {@code subject} with these roles, valid for an hour. */
    public static String token(String subject, String... groups) {
        return started().token(subject, List.of(groups), Duration.ofHours(1));
    }

    /** A well-formed token for {@code subject} with these roles, signed by a key the service does not trust. */
    public static String untrustedToken(String subject, String... groups) {
        return UNTRUSTED.token(subject, List.of(groups), Duration.ofHours(1));
    }

    /** A token signed by the trusted key with this issuer, audience and expiry (e.g. one that expired a minute ago). */
    public static String tokenWith(String issuer, String audience, Instant expires, String subject, String... groups) {
        return started().token(issuer, audience, subject, List.of(groups), expires);
    }

    private static DevJwt started() {
        if (keys == null) {
            throw new IllegalStateException("DevJwtTestResource has not started");
        }
        return keys;
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
