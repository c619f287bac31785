package io.visionstream.trainer.rest;

import io.visionstream.trainer.settings.InvalidSettingException;
import io.visionstream.trainer.settings.Setting;
import io.visionstream.trainer.settings.TrainingSettings;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
        Response response = new ErrorMappers().map(new InvalidRequestException(ErrorReason.INVALID_EPOCHS, "epochs must be at most 1000, was 5000"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getEntity()).isEqualTo(new ErrorMappers.ErrorBody("INVALID_EPOCHS", "epochs must be at most 1000, was 5000", "epochs"));
    }

    @Test
    void aRefusedSettingIsAnsweredWithItsFieldAndTheReasonNamedAfterIt() {
        InvalidSettingException refused = catchThrowableOfType(() -> TrainingSettings.builder().setArch("lenet5")
                .setDataset("mnist").setOut(Path.of("/runs/x")).setDataDir(Path.of("/data")).optBatchSize(0).build(), InvalidSettingException.class);

        Response response = new ErrorMappers().map(InvalidRequestException.of(refused));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getEntity()).isEqualTo(new ErrorMappers.ErrorBody("INVALID_BATCHSIZE", "batchSize must be >= 1, was 0", "batchSize"));
    }

    @Test
    void everyInvalidFieldReasonKeepsTheWireNameTheFieldGaveIt() {
        for (Setting setting : Setting.values()) {
            assertThat(ErrorReason.of(setting).field()).as("%s", setting).isEqualTo(setting.field());
        }
        for (ErrorReason reason : ErrorReason.values()) {
            if (reason.field() != null) {
                assertThat(reason.name()).isEqualTo("INVALID_" + reason.field().toUpperCase(Locale.ROOT));
                assertThat(reason.status()).isEqualTo(400);
            }
        }
    }
}
