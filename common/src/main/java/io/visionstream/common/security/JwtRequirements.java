package io.visionstream.common.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a service's JWT verification must have outside development: a verification key, an issuer that is not the
 * development one the local stack and tests mint tokens for, and an audience. Both services refuse to start
 * without them, so a deployment cannot keep a development value by accident.
 */
public final class JwtRequirements {

    /** The issuer of the throw-away tokens minted by the local stack and the tests. */
    public static final String DEVELOPMENT_ISSUER = "https://visionstream.dev/local";
    /**
     * What the services' configuration says when a setting was not given (an empty value would fail Quarkus's own
     * configuration loading before this rule could name what to set).
     */
    public static final String NOT_CONFIGURED = "not-configured";
    /** Profiles in which development tokens are fine: Quarkus dev mode, tests, and the local stack. */
    public static final Set<String> DEVELOPMENT_PROFILES = Set.of("dev", "test", "local");

    private JwtRequirements() {
    }

    /**
     * Fails, naming what to set, when a service that serves HTTP with these profiles lacks production JWT settings;
     * {@code setting} reads a configuration value by name.
     */
    public static void require(List<String> activeProfiles, boolean servesHttp, Function<String, Optional<String>> setting) {
        if (!servesHttp || !enforced(activeProfiles)) {
            return;
        }
        List<String> problems = problems(setting.apply("mp.jwt.verify.publickey.location"), setting.apply("mp.jwt.verify.issuer"),
                setting.apply("mp.jwt.verify.audiences"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("JWT verification is not configured for production (profiles " + activeProfiles + "): "
                    + String.join("; ", problems) + ". The local stack runs with -Dquarkus.profile=local instead.");
        }
    }

    /** Whether a service running with these profiles must have production JWT settings. */
    public static boolean enforced(List<String> activeProfiles) {
        return activeProfiles.stream().noneMatch(DEVELOPMENT_PROFILES::contains);
    }

    /** What is wrong with these settings, each with the environment variable that fixes it; empty when nothing is. */
    public static List<String> problems(Optional<String> publicKeyLocation, Optional<String> issuer, Optional<String> audiences) {
        List<String> problems = new ArrayList<>();
        if (blank(publicKeyLocation)) {
            problems.add("no verification key: set VISIONSTREAM_JWT_PUBLIC_KEY (mp.jwt.verify.publickey.location) to the identity provider's public key");
        }
        if (blank(issuer)) {
            problems.add("no issuer: set VISIONSTREAM_JWT_ISSUER (mp.jwt.verify.issuer) to the identity provider's issuer");
        } else if (issuer.get().trim().equals(DEVELOPMENT_ISSUER)) {
            problems.add("the issuer is the development one (" + DEVELOPMENT_ISSUER + "), whose tokens anyone with the local tools can mint: "
                    + "set VISIONSTREAM_JWT_ISSUER to the identity provider's issuer");
        }
        if (blank(audiences)) {
            problems.add("no audience: set VISIONSTREAM_JWT_AUDIENCE (mp.jwt.verify.audiences) to the audience tokens are issued for");
        }
        return problems;
    }

    private static boolean blank(Optional<String> value) {
        return value.map(v -> v.isBlank() || v.trim().equals(NOT_CONFIGURED)).orElse(true);
    }
}
