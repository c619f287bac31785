package io.visionstream.local.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a fresh JWT signing key: the service verifies tokens against its public key, and the
 * test mints tokens with {@link #token(String, String...)}.
 */
public class DevJwtTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DevJwt keys;
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
        return Map.of("mp.jwt.verify.publickey.location", publicKey.toUri().toString(), "mp.jwt.verify.issuer", DevJwt.ISSUER);
    }

    /** A token for {@code subject} with these roles, valid for an hour. */
    public static String token(String subject, String... groups) {
        if (keys == null) {
            throw new IllegalStateException("DevJwtTestResource has not started");
        }
        return keys.token(subject, List.of(groups), Duration.ofHours(1));
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
