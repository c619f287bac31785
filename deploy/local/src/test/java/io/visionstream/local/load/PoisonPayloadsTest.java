package io.visionstream.local.load;

import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each poison payload is refused by the service's own decoder for exactly the reason it claims. */
class PoisonPayloadsTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
    private final List<PoisonPayloads.Poison> poisons = PoisonPayloads.all(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY));

    @Test
    void everyImagePoisonIsRefusedWithItsReason() {
        for (PoisonPayloads.Poison poison : poisons) {
            if (poison.model() != null) {
                continue; // a valid image for a model that is not served: refused by scoring, not by the decoder
            }
            ImageRejectedException refused = catchThrowableOfType(ImageRejectedException.class,
                    () -> decoder.decode(poison.payload(), poison.contentType()));
            assertThat(refused).as(poison.kind()).isNotNull();
            assertThat(refused.reason().name()).as(poison.kind()).isEqualTo(poison.expectedReason());
        }
    }

    @Test
    void theUnknownModelPoisonIsAGoodImage() throws Exception {
        PoisonPayloads.Poison unknownModel = poisons.stream().filter(p -> p.model() != null).findFirst().orElseThrow();
        assertThat(decoder.decode(unknownModel.payload(), unknownModel.contentType()).width()).isEqualTo(28);
        assertThat(unknownModel.expectedReason()).isEqualTo("UNKNOWN_MODEL");
    }
}
