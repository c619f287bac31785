package io.visionstream.common.image;

import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodeTargetTest {

    @Test
    void picksTheLargestReductionThatStillCoversTheTarget() {
        DecodeTarget model224 = DecodeTarget.covering(224, 224);
        assertThat(model224.reductionFor(1920, 1080)).isEqualTo(4); // 480x270; 1/8 would be 240x135
        assertThat(model224.reductionFor(640, 480)).isEqualTo(2);   // 320x240; 1/4 would be 160x120
        assertThat(model224.reductionFor(447, 1000)).isEqualTo(2);  // ceil(447/2) = 224, as libjpeg rounds
        assertThat(model224.reductionFor(446, 1000)).isEqualTo(1);  // 223 would be enlarged
        assertThat(model224.reductionFor(224, 224)).isEqualTo(1);
        assertThat(DecodeTarget.covering(28, 28).reductionFor(1920, 1080)).isEqualTo(8);
        assertThat(DecodeTarget.covering(300, 100).reductionFor(1200, 1200)).isEqualTo(4);
    }

    @Test
    void shorterSideTargetsLookAtTheShorterSideOnly() {
        DecodeTarget crop256 = DecodeTarget.shorterSideAtLeast(256);
        assertThat(crop256.reductionFor(1920, 1080)).isEqualTo(4); // shorter side 270
        assertThat(crop256.reductionFor(1080, 1920)).isEqualTo(4);
        assertThat(crop256.reductionFor(4000, 500)).isEqualTo(1);
    }

    @Test
    void fullSizeNeverReduces() {
        assertThat(DecodeTarget.FULL_SIZE.reductionFor(60_000, 60_000)).isEqualTo(1);
        assertThatThrownBy(() -> new DecodeTarget(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void preprocessSpecsNameTheirTarget() {
        PreprocessSpec stretch = new PreprocessSpec(ColourMode.GREY, ResizeSpec.direct(28, 32), 1.0, List.of(0.0), List.of(1.0));
        PreprocessSpec crop = new PreprocessSpec(ColourMode.RGB, ResizeSpec.shorterSideCrop(256, 224, 224), 1.0,
                List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));

        assertThat(stretch.decodeTarget()).isEqualTo(DecodeTarget.covering(32, 28));
        assertThat(crop.decodeTarget()).isEqualTo(DecodeTarget.shorterSideAtLeast(256));
    }
}
