package io.visionstream.common.image;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JpegHeaderTest {

    @Test
    void readsSizeAndComponentsOfColourGreyAndCmykJpegs() {
        assertThat(JpegHeader.parse(TestImages.jpeg(TestImages.scene(37, 21, 1), 0.9f))).isEqualTo(new JpegHeader(37, 21, 3, 8));
        assertThat(JpegHeader.parse(TestImages.jpeg(TestImages.grey(5, 300, 9), false))).isEqualTo(new JpegHeader(5, 300, 1, 8));
        assertThat(JpegHeader.parse(TestImages.cmykJpeg(16, 8))).isEqualTo(new JpegHeader(16, 8, 4, 8));
    }

    @Test
    void skipsSegmentsByLengthSoAThumbnailsFrameIsNotTakenForTheImages() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(40, 30, 2), 0.9f);
        // an APP1 segment whose payload holds the bytes of a 9x9 frame header, as an EXIF thumbnail would
        byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 13, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0, 9, 0, 9, 3, 1};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(app1);
        out.write(jpeg, 2, jpeg.length - 2);

        assertThat(JpegHeader.parse(out.toByteArray())).isEqualTo(new JpegHeader(40, 30, 3, 8));
        assertThat(JpegHeader.parse(TestImages.withExifOrientation6(jpeg))).isEqualTo(new JpegHeader(40, 30, 3, 8));
    }

    @Test
    void answersNullForWhatIsNotAJpegUpToItsFrameHeader() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(40, 30, 3), 0.9f);
        assertThat(JpegHeader.parse(Arrays.copyOf(jpeg, 2))).isNull();
        assertThat(JpegHeader.parse(Arrays.copyOf(jpeg, 30))).isNull(); // cut inside the quantisation tables
        assertThat(JpegHeader.parse(TestImages.png(TestImages.grey(3, 3, 0)))).isNull();
        assertThat(JpegHeader.parse(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2})).isNull();
        assertThat(JpegHeader.parse(new byte[] {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34})).isNull();
    }

    @Test
    void tellsACompleteJpegFromATruncatedOne() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(40, 30, 4), 0.9f);
        assertThat(JpegHeader.endsWithEndOfImage(jpeg)).isTrue();
        assertThat(JpegHeader.endsWithEndOfImage(Arrays.copyOf(jpeg, jpeg.length - 1))).isFalse();
        assertThat(JpegHeader.endsWithEndOfImage(Arrays.copyOf(jpeg, jpeg.length / 2))).isFalse();
    }
}
