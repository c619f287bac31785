package io.visionstream.common.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside development, a service needs a key, a real issuer and an audience. */
class JwtRequirementsTest {

    @Test
    void productionSettingsPassAndEachMissingOrDevelopmentValueIsNamed() {
        assertThat(JwtRequirements.problems(Optional.of("/etc/jwt/key.pem"), Optional.of("https://idp.example.com"), Optional.of("visionstream")))
                .isEmpty();
        assertThat(JwtRequirements.problems(Optional.empty(), Optional.of(" "), Optional.of(JwtRequirements.NOT_CONFIGURED)))
                .hasSize(3).anyMatch(p -> p.contains("VISIONSTREAM_JWT_PUBLIC_KEY")).anyMatch(p -> p.contains("VISIONSTREAM_JWT_ISSUER"))
                .anyMatch(p -> p.contains("VISIONSTREAM_JWT_AUDIENCE"));
        assertThat(JwtRequirements.problems(Optional.of("/etc/jwt/key.pem"), Optional.of(JwtRequirements.DEVELOPMENT_ISSUER), Optional.of("a")))
                .singleElement().asString().contains("development");
    }

    @Test
    void enforcedUnlessADevelopmentProfileIsActive() {
        assertThat(JwtRequirements.enforced(List.of("prod"))).isTrue();
        assertThat(JwtRequirements.enforced(List.of("exactly-once"))).as("a deployment's own profile").isTrue();
        assertThat(JwtRequirements.enforced(List.of("local", "exactly-once"))).isFalse();
        assertThat(JwtRequirements.enforced(List.of("test"))).isFalse();
    }

    @Test
    void requireNamesEverythingToSetUnlessDevelopmentOrNoHttp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtRequirements.require(List.of("prod"), true, name -> Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("VISIONSTREAM_JWT_PUBLIC_KEY")
                .hasMessageContaining("VISIONSTREAM_JWT_ISSUER").hasMessageContaining("VISIONSTREAM_JWT_AUDIENCE");
        JwtRequirements.require(List.of("local"), true, name -> Optional.empty());
        JwtRequirements.require(List.of("prod"), false, name -> Optional.empty());
    }
}
