package io.visionstream.common.image;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageDecoderTest {

    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @ParameterizedTest(name = "progressive={0}")
    @ValueSource(booleans = {false, true})
    void decodesBaselineAndProgressiveRgbJpeg(boolean progressive) throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.twoColours(32, 16, RED, BLUE), progressive);

        DecodedImage image = decoder.decode(jpeg, "image/jpeg");

        assertThat(image.format()).isEqualTo("jpeg");
        assertThat(image.channels()).isEqualTo(3);
        assertThat(image.width()).isEqualTo(32);
        assertThat(image.height()).isEqualTo(16);
        assertRgb(image, 4, 8, 255, 0, 0, 8);
        assertRgb(image, 28, 8, 0, 0, 255, 8);
    }

    @Test
    void decodesGreyscaleJpegAsOneChannel() throws Exception {
        DecodedImage image = decoder.decode(TestImages.jpeg(TestImages.grey(8, 8, 200), false), null);

        assertThat(image.channels()).isEqualTo(1);
        assertThat(image.sample(0, 3, 3)).isCloseTo(200, within(2));
    }

    @Test
    void decodesAdobeCmykJpegToRgb() throws Exception {
        byte[] cmyk = TestImages.cmykJpeg(16, 8);

        DecodedImage image = decoder.decode(cmyk, "image/jpeg");

        assertThat(image.channels()).isEqualTo(3);
        assertRgb(image, 3, 3, 0, 255, 255, 12);   // cyan ink
        assertRgb(image, 12, 3, 255, 255, 255, 12); // no ink
    }

    @Test
    void decodesPngsExactly() throws Exception {
        DecodedImage rgb = decoder.decode(TestImages.png(TestImages.twoColours(4, 2, 0x102030, 0xA0B0C0)), "image/png");
        assertThat(rgb.pixels()).containsExactly(
                0x10, 0x10, 0xA0, 0xA0, 0x10, 0x10, 0xA0, 0xA0,
                0x20, 0x20, 0xB0, 0xB0, 0x20, 0x20, 0xB0, 0xB0,
                0x30, 0x30, 0xC0, 0xC0, 0x30, 0x30, 0xC0, 0xC0);

        DecodedImage grey = decoder.decode(TestImages.png(TestImages.grey(3, 2, 77)), "image/png");
        assertThat(grey.channels()).isEqualTo(1);
        assertThat(grey.pixels()).containsOnly(77);
    }

    @Test
    void scales16BitPngSamplesToEightBits() throws Exception {
        DecodedImage rgb = decoder.decode(TestImages.png(TestImages.rgb16(2, 2, 0xFFFF, 0x8080, 0)), "image/png");
        assertThat(rgb.channels()).isEqualTo(3);
        assertThat(rgb.sample(0, 1, 1)).isEqualTo(255);
        assertThat(rgb.sample(1, 1, 1)).isEqualTo(128);
        assertThat(rgb.sample(2, 1, 1)).isEqualTo(0);

        DecodedImage grey = decoder.decode(TestImages.png(TestImages.grey16(2, 2, 257 * 99)), "image/png");
        assertThat(grey.channels()).isEqualTo(1);
        assertThat(grey.pixels()).containsOnly(99);
    }

    @Test
    void expandsPalettePngToRgb() throws Exception {
        DecodedImage image = decoder.decode(TestImages.png(TestImages.palette(4, 1)), "image/png");

        assertThat(image.channels()).isEqualTo(3);
        // entries red, green, blue, white across the row
        assertThat(image.pixels()).containsExactly(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255);
    }

    @Test
    void dropsAlphaKeepingStoredColour() throws Exception {
        DecodedImage image = decoder.decode(TestImages.png(TestImages.argb(2, 2, 0x40_11_22_33)), "image/png");

        assertThat(image.channels()).isEqualTo(3);
        assertRgb(image, 1, 1, 0x11, 0x22, 0x33, 0);
    }

    @Test
    void decodesRawTensorsInPlanarOrder() throws Exception {
        byte[] chw = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

        DecodedImage image = decoder.decode(chw, "application/x-raw-u8;shape=3x2x2");

        assertThat(image.format()).isEqualTo("raw");
        assertThat(image.sample(0, 0, 1)).isEqualTo(2);
        assertThat(image.sample(1, 1, 0)).isEqualTo(7);
        assertThat(image.sample(2, 1, 1)).isEqualTo(12);
    }

    @Test
    void refusesEmptyPayload() {
        assertRejected(new byte[0], "image/png", RejectReason.EMPTY, "empty");
        assertRejected(null, "image/png", RejectReason.EMPTY, "empty");
    }

    @Test
    void refusesPayloadOverTheByteLimit() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(100, DecodeLimits.DEFAULT_MAX_PIXELS));
        byte[] png = TestImages.png(TestImages.twoColours(64, 64, RED, BLUE));

        assertThatThrownBy(() -> small.decode(png, "image/png"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE))
                .hasMessageContaining(png.length + " bytes").hasMessageContaining("limit of 100");
    }

    @Test
    void refusesDecompressionBombFromTheHeaderWithoutAllocatingPixels() {
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertRejected(bomb, "image/png", RejectReason.TOO_MANY_PIXELS, "100000x100000");

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // decoding would need 10^10 bytes; refusing it from the header costs a few kilobytes of reader state
        assertThat(allocated).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void refusesJpegOverThePixelLimit() {
        ImageDecoder strict = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PAYLOAD_BYTES, 100));
        byte[] jpeg = TestImages.jpeg(TestImages.grey(20, 10, 0), false);

        assertThatThrownBy(() -> strict.decode(jpeg, "image/jpeg"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS))
                .hasMessageContaining("20x10 = 200 pixels");
    }

    @Test
    void refusesUnknownFormatsNamingWhatArrived() {
        byte[] gif = "GIF89a....".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertRejected(gif, "image/gif", RejectReason.UNSUPPORTED_FORMAT, "'image/gif'");
        assertRejected(gif, "image/gif", RejectReason.UNSUPPORTED_FORMAT, "47 49 46 38");
    }

    @Test
    void refusesTruncatedJpegInsteadOfPaddingItWithGrey() {
        byte[] jpeg = TestImages.jpeg(TestImages.twoColours(64, 64, RED, BLUE), false);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertRejected(truncated, "image/jpeg", RejectReason.CORRUPT, "jpeg");
    }

    @Test
    void refusesTruncatedAndDamagedPng() {
        byte[] png = TestImages.png(TestImages.twoColours(64, 64, RED, BLUE));
        assertRejected(Arrays.copyOf(png, png.length / 2), "image/png", RejectReason.CORRUPT, "png");

        byte[] headerOnly = Arrays.copyOf(png, 12);
        assertRejected(headerOnly, "image/png", RejectReason.CORRUPT, "png");
    }

    @Test
    void refusesRawTensorsThatDoNotFitTheirShape() {
        assertRejected(new byte[11], "application/x-raw-u8;shape=3x2x2", RejectReason.SHAPE_MISMATCH, "needs 12 bytes, the payload has 11");
        assertRejected(new byte[8], "application/x-raw-u8;shape=2x2x2", RejectReason.SHAPE_MISMATCH, "1 (grey) or 3 (RGB)");
        assertRejected(new byte[4], "application/x-raw-u8", RejectReason.BAD_CONTENT_TYPE, "shape=CxHxW");
        assertRejected(new byte[4], "application/x-raw-u8;shape=2by2", RejectReason.BAD_CONTENT_TYPE, "shape=CxHxW");
        ImageDecoder strict = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PAYLOAD_BYTES, 3));
        assertThatThrownBy(() -> strict.decode(new byte[4], "application/x-raw-u8;shape=1x2x2"))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS));
    }

    private void assertRejected(byte[] payload, String contentType, RejectReason reason, String messagePart) {
        assertThatThrownBy(() -> decoder.decode(payload, contentType))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }

    private static void assertRgb(DecodedImage image, int x, int y, int r, int g, int b, int tolerance) {
        assertThat(image.sample(0, y, x)).as("red at %d,%d", x, y).isCloseTo(r, within(tolerance));
        assertThat(image.sample(1, y, x)).as("green at %d,%d", x, y).isCloseTo(g, within(tolerance));
        assertThat(image.sample(2, y, x)).as("blue at %d,%d", x, y).isCloseTo(b, within(tolerance));
    }
}
