package io.visionstream.inference.oip.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.visionstream.inference.budget.OverloadedException;
import io.visionstream.inference.oip.OipException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Each refusal's gRPC status keeps REST's message; a full HTTP budget says when to retry. */
class GrpcStatusesTest {

    @Test
    void refusalsMapToTheirStatusCodesWithTheSameMessage() {
        assertThat(code(OipException.badRequest("bad shape"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(new OipException(413, "too many"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(OipException.notFound("gone"))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(new OipException(503, "not yet"))).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(code(new OipException(500, "broken"))).isEqualTo(Status.Code.INTERNAL);
        assertThat(code(new IllegalStateException("bug"))).isEqualTo(Status.Code.INTERNAL);
        assertThat(GrpcStatuses.of(OipException.notFound("version 9 is not loaded here")).getStatus().getDescription())
                .isEqualTo("version 9 is not loaded here");
    }

    @Test
    void aFullHttpBudgetIsResourceExhaustedWithRetryAfter() {
        StatusRuntimeException status = GrpcStatuses.of(new OverloadedException("the HTTP budget is full", Duration.ofMillis(2500)));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getStatus().getDescription()).isEqualTo("the HTTP budget is full");
        assertThat(status.getTrailers().get(GrpcStatuses.RETRY_AFTER)).isEqualTo("2");
    }

    private static Status.Code code(Exception failure) {
        return GrpcStatuses.of(failure).getStatus().getCode();
    }
}
