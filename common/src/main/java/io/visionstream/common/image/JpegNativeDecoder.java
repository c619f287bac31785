package io.visionstream.common.image;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

import java.nio.ByteBuffer;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;

/**
 * Decodes plain JPEGs through OpenCV's libjpeg-turbo, optionally at 1/2, 1/4 or 1/8 of their size (scaled in the DCT
 * domain): a camera frame bound for a 224-pixel model is decoded at a fraction of the cost and memory of a full
 * ImageIO decode. It takes only what it decodes as ImageIO would - 8-bit JPEGs with 1 or 3 components, ending with the
 * EOI marker (libjpeg pads a truncated JPEG with grey where ImageIO's warning lets us refuse it) - and answers
 * {@code null} for everything else, or when OpenCV's natives could not be loaded, so the caller uses ImageIO.
 * EXIF orientation is ignored, as ImageIO does. Thread-safe.
 */
final class JpegNativeDecoder {

    private static final System.Logger LOG = System.getLogger(JpegNativeDecoder.class.getName());
    private static final int GREY = 1;
    private static final int COLOUR = 3;
    private static final int BITS = 8;

    private final boolean available;

    /**
     * @param loadNatives loads OpenCV's image codecs; a {@link LinkageError} or runtime failure (another OS, an
     *                    unwritable native cache) is logged and leaves this decoder refusing every image
     */
    JpegNativeDecoder(Runnable loadNatives) {
        boolean loaded;
        try {
            loadNatives.run();
            loaded = true;
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OpenCV's native JPEG decoder cannot be loaded; every image is decoded "
                    + "by ImageIO at full size instead (" + e + ")");
            loaded = false;
        }
        this.available = loaded;
    }

    /** The process-wide instance: the natives are loaded, or found missing and logged, once. */
    static JpegNativeDecoder shared() {
        return Shared.INSTANCE;
    }

    /**
     * Decodes {@code jpeg} reduced by {@code reduction} (1, 2, 4 or 8) to planar RGB or grey, or returns {@code null}
     * when this JPEG is not one for this decoder or libjpeg fails on it.
     */
    DecodedImage decode(byte[] jpeg, JpegHeader header, int reduction) {
        boolean grey = header.components() == GREY;
        if (!available || !(grey || header.components() == COLOUR) || header.precision() != BITS
                || !JpegHeader.endsWithEndOfImage(jpeg)) {
            return null;
        }
        int flags = reductionFlag(reduction) | (grey ? IMREAD_GRAYSCALE : IMREAD_COLOR | IMREAD_COLOR_RGB) | IMREAD_IGNORE_ORIENTATION;
        try (BytePointer bytes = new BytePointer(jpeg);
             Mat encoded = new Mat(1, jpeg.length, CV_8UC1, bytes);
             Mat decoded = opencv_imgcodecs.imdecode(encoded, flags)) {
            int channels = grey ? GREY : COLOUR;
            if (decoded.empty() || decoded.depth() != CV_8U || decoded.channels() != channels || !decoded.isContinuous()) {
                return null;
            }
            return planar(decoded, channels);
        } catch (RuntimeException e) {
            return null; // a cv::Exception: ImageIO decodes it or says why it cannot
        }
    }

    private static int reductionFlag(int reduction) {
        return switch (reduction) {
            case 1 -> 0;
            case 2 -> IMREAD_REDUCED_GRAYSCALE_2;
            case 4 -> IMREAD_REDUCED_GRAYSCALE_4;
            case 8 -> IMREAD_REDUCED_GRAYSCALE_8;
            default -> throw new IllegalArgumentException("JPEG reductions are 1, 2, 4 or 8, not " + reduction);
        };
    }

    /** One pass from OpenCV's interleaved rows (read in place) to planar samples. */
    private static DecodedImage planar(Mat decoded, int channels) {
        int width = decoded.cols();
        int height = decoded.rows();
        int plane = width * height;
        byte[] pixels = new byte[channels * plane];
        ByteBuffer interleaved = decoded.data().capacity((long) channels * plane).asByteBuffer();
        if (channels == GREY) {
            interleaved.get(pixels);
        } else {
            for (int i = 0, j = 0; i < plane; i++, j += COLOUR) {
                pixels[i] = interleaved.get(j);
                pixels[plane + i] = interleaved.get(j + 1);
                pixels[2 * plane + i] = interleaved.get(j + 2);
            }
        }
        return new DecodedImage(width, height, channels, pixels, ImageFormat.JPEG.formatName());
    }

    private static final class Shared {
        static final JpegNativeDecoder INSTANCE = new JpegNativeDecoder(() -> Loader.load(opencv_imgcodecs.class));
    }
}
