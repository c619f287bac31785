package io.visionstream.inference.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.visionstream.common.security.JwtRequirements;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to serve HTTP outside the dev, test and local profiles unless JWT verification has a key, a real issuer and
 * an audience ({@link JwtRequirements}), checked before anything else starts (Kafka clients included): without this,
 * rollout changes would be guarded by nothing or by development tokens.
 */
@ApplicationScoped
public class ProductionJwtCheck {

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, Config config) {
        JwtRequirements.require(ConfigUtils.getProfiles(), config.getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true),
                name -> config.getOptionalValue(name, String.class));
    }
}
