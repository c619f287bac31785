package io.visionstream.inference.oip.grpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC port starts only with policies it enforces, so it is never more open than the REST surface. */
class GrpcPoliciesTest {

    @Test
    void onlyThePoliciesThePortEnforcesAreAccepted() {
        assertThat(GrpcPolicies.enforceable("permit", "k")).isEqualTo("permit");
        assertThat(GrpcPolicies.enforceable("authenticated", "k")).isEqualTo("authenticated");
        assertThat(GrpcPolicies.enforceable("ml-admin", "k")).isEqualTo("ml-admin");
        assertThatThrownBy(() -> GrpcPolicies.enforceable("auditors", "visionstream.inference.security.read-policy"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not 'auditors'").hasMessageContaining("visionstream.inference.security.read-policy");
    }
}
