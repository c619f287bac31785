package io.visionstream.trainer.rest;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMappersTest {

    @Test
    void anUnexpectedFailureIsA500WithAnIdForTheLogButNoDetails() {
        Response response = new ErrorMappers().internal(new IllegalStateException("secret /etc/shadow detail"));

        assertThat(response.getStatus()).isEqualTo(500);
        ErrorMappers.ErrorBody body = (ErrorMappers.ErrorBody) response.getEntity();
        assertThat(body.reason()).isEqualTo("INTERNAL_ERROR");
        assertThat(body.message()).containsPattern("internal error [0-9a-f-]{36}").doesNotContain("secret").doesNotContain("IllegalStateException")
                .doesNotContain("\tat ");
    }

    @Test
    void aRefusedRequestKeepsItsFieldAndMessage() {
        Response response = new ErrorMappers().map(new InvalidRequestException("epochs", 400, "epochs must be at most 1000, was 5000"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getEntity()).isEqualTo(new ErrorMappers.ErrorBody("INVALID_EPOCHS", "epochs must be at most 1000, was 5000", "epochs"));
    }
}
