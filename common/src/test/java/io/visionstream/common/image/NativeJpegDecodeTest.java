package io.visionstream.common.image;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The libjpeg-turbo route of {@link ImageDecoder}: scaled decodes, what it leaves to ImageIO, parity with ImageIO. */
class NativeJpegDecodeTest {

    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;
    private static final DecodeTarget MODEL_224 = DecodeTarget.covering(224, 224);

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
    private final CompressedImageDecoder imageIo = new CompressedImageDecoder(DecodeLimits.defaults());

    @Test
    void nativesLoadOnThisPlatform() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(32, 16, 1), 0.9f);
        assertThat(JpegNativeDecoder.shared().decode(jpeg, JpegHeader.parse(jpeg), 1)).isNotNull();
    }

    @Test
    void decodesReducedToTheLargestReductionCoveringTheTarget() throws Exception {
        byte[] vga = TestImages.jpeg(TestImages.twoColours(640, 480, RED, BLUE), 0.9f);
        DecodedImage half = decoder.decode(vga, "image/jpeg", MODEL_224);
        assertThat(half.width()).isEqualTo(320);
        assertThat(half.height()).isEqualTo(240);
        assertThat(half.channels()).isEqualTo(3);
        assertThat(half.format()).isEqualTo("jpeg");
        assertRgb(half, 40, 120, 255, 0, 0);   // planar RGB, not OpenCV's BGR
        assertRgb(half, 280, 120, 0, 0, 255);

        byte[] odd = TestImages.jpeg(TestImages.scene(1001, 603, 2), 0.9f);
        DecodedImage eighth = decoder.decode(odd, "image/jpeg", DecodeTarget.covering(100, 60));
        assertThat(eighth.width()).isEqualTo(126); // ceil(1001 / 8)
        assertThat(eighth.height()).isEqualTo(76); // ceil(603 / 8)
        DecodedImage full = decoder.decode(odd, "image/jpeg");
        assertThat(full.width()).isEqualTo(1001);
        assertThat(full.height()).isEqualTo(603);
    }

    @Test
    void decodesGreyJpegsReducedToOneChannel() throws Exception {
        byte[] grey = TestImages.jpeg(TestImages.grey(800, 600, 200), 0.9f);

        DecodedImage image = decoder.decode(grey, null, MODEL_224);

        assertThat(image.channels()).isEqualTo(1);
        assertThat(image.width()).isEqualTo(400);
        assertThat(image.height()).isEqualTo(300);
        assertThat(image.sample(0, 150, 200)).isCloseTo(200, within(2));
    }

    @Test
    void ignoresExifOrientationAsImageIoDoes() throws Exception {
        byte[] rotated = TestImages.withExifOrientation6(TestImages.jpeg(TestImages.twoColours(64, 32, RED, BLUE), 0.9f));

        DecodedImage image = decoder.decode(rotated, "image/jpeg", DecodeTarget.covering(16, 8));

        assertThat(image.width()).isEqualTo(16);
        assertThat(image.height()).isEqualTo(8);
        assertRgb(image, 2, 4, 255, 0, 0);
    }

    @Test
    void stillRefusesTruncatedJpegsAsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(640, 480, 3), 0.9f);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertThatThrownBy(() -> decoder.decode(truncated, "image/jpeg", MODEL_224))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.CORRUPT));
    }

    @Test
    void leavesCmykAndPngToImageIoAtFullSize() throws Exception {
        DecodedImage cmyk = decoder.decode(TestImages.cmykJpeg(64, 32), "image/jpeg", DecodeTarget.covering(8, 4));
        assertThat(cmyk.width()).isEqualTo(64);
        assertThat(cmyk.channels()).isEqualTo(3);
        assertRgb(cmyk, 3, 3, 0, 255, 255);

        DecodedImage png = decoder.decode(TestImages.png(TestImages.twoColours(64, 32, RED, BLUE)), "image/png", DecodeTarget.covering(8, 4));
        assertThat(png.width()).isEqualTo(64);
    }

    @Test
    void fallsBackToImageIoAtFullSizeWhenTheNativesCannotLoad() throws Exception {
        JpegNativeDecoder refused = new JpegNativeDecoder(() -> {
            throw new UnsatisfiedLinkError("no opencv_imgcodecs for this platform");
        });
        ImageDecoder withoutNatives = new ImageDecoder(DecodeLimits.defaults(), refused);
        byte[] jpeg = TestImages.jpeg(TestImages.scene(640, 480, 4), 0.9f);

        DecodedImage image = withoutNatives.decode(jpeg, "image/jpeg", MODEL_224);

        assertThat(image.width()).isEqualTo(640);
        assertThat(image.height()).isEqualTo(480);
        assertThat(image.pixels()).isEqualTo(imageIo.decode(jpeg, ImageFormat.JPEG).pixels());
        assertThatThrownBy(() -> withoutNatives.decode(Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", MODEL_224))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.CORRUPT));
    }

    @Test
    void refusesAJpegBombFromItsFrameHeaderWithoutAllocatingPixels() {
        byte[] bomb = declaring(TestImages.jpeg(TestImages.scene(64, 64, 5), 0.9f), 60_000, 60_000);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> decoder.decode(bomb, "image/jpeg", MODEL_224))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS))
                .hasMessageContaining("60000x60000 = 3600000000 pixels");

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1024L * 1024);
    }

    /**
     * Full-size decodes of the same JPEG by libjpeg-turbo and by ImageIO (the JDK's libjpeg 6b behind TwelveMonkeys)
     * use the same integer inverse DCT and colour conversion. Measured on these quality-90 scenes: identical samples
     * (max |diff| 0, RGB 4:2:0 and grey); one grey level is allowed for SIMD paths on other CPUs.
     */
    @Test
    void fullSizeNativeDecodeMatchesImageIo() throws Exception {
        byte[] rgb = TestImages.jpeg(TestImages.scene(643, 481, 6), 0.9f);
        byte[] grey = TestImages.jpeg(TestImages.greyScene(643, 481, 7), 0.9f);

        for (byte[] jpeg : new byte[][] {rgb, grey}) {
            DecodedImage viaNative = JpegNativeDecoder.shared().decode(jpeg, JpegHeader.parse(jpeg), 1);
            DecodedImage viaImageIo = imageIo.decode(jpeg, ImageFormat.JPEG);
            assertThat(viaNative.channels()).isEqualTo(viaImageIo.channels());
            int max = 0;
            long total = 0;
            for (int i = 0; i < viaNative.pixels().length; i++) {
                int diff = Math.abs((viaNative.pixels()[i] & 0xFF) - (viaImageIo.pixels()[i] & 0xFF));
                max = Math.max(max, diff);
                total += diff;
            }
            double mean = (double) total / viaNative.pixels().length;
            assertThat(max).isLessThanOrEqualTo(1);
            assertThat(mean).isLessThan(0.05);
        }
    }

    /** {@code jpeg} with its frame header's size replaced. */
    private static byte[] declaring(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 8 < copy.length; i++) {
            if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xC0) {
                copy[i + 5] = (byte) (height >> 8);
                copy[i + 6] = (byte) height;
                copy[i + 7] = (byte) (width >> 8);
                copy[i + 8] = (byte) width;
                return copy;
            }
        }
        throw new IllegalStateException("no SOF0 in the test JPEG");
    }

    private static void assertRgb(DecodedImage image, int x, int y, int r, int g, int b) {
        assertThat(image.sample(0, y, x)).as("red at %d,%d", x, y).isCloseTo(r, within(12));
        assertThat(image.sample(1, y, x)).as("green at %d,%d", x, y).isCloseTo(g, within(12));
        assertThat(image.sample(2, y, x)).as("blue at %d,%d", x, y).isCloseTo(b, within(12));
    }
}
