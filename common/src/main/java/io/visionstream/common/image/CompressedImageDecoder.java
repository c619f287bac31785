package io.visionstream.common.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes JPEG and PNG through Java ImageIO. JPEG uses the TwelveMonkeys reader, which also handles CMYK/YCCK and
 * Adobe JPEGs the JDK refuses. The header is read first to enforce the pixel limit; a reader warning that
 * pixel data is missing (a truncated JPEG, which ImageIO would otherwise silently pad with grey) is corruption.
 */
final class CompressedImageDecoder {

    private static final String PREFERRED_JPEG_READER_PACKAGE = "com.twelvemonkeys.";
    /** Reader warnings that mean pixel data is missing (libjpeg: "Premature end of JPEG file"); others are informational. */
    private static final Pattern DATA_LOSS_WARNING = Pattern.compile("(?i)premature end|truncat|end of (file|stream)|insufficient data");

    private static final Map<ImageFormat, ImageReaderSpi> READER_PROVIDERS;

    static {
        // Makes plugins on the class path (TwelveMonkeys) visible also when ImageIO was first used by another loader.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
        READER_PROVIDERS = chooseReaderProviders();
    }

    private final DecodeLimits limits;

    CompressedImageDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    DecodedImage decode(byte[] payload, ImageFormat format) throws ImageRejectedException {
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(collectingInto(warnings));
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(payload))) {
            reader.setInput(input, true, true);
            int width = header(reader, format, true);
            int height = header(reader, format, false);
            limits.checkPixels(format.formatName(), width, height);
            BufferedImage image = readPixels(reader, format);
            if (!warnings.isEmpty()) {
                throw new ImageRejectedException(RejectReason.CORRUPT, "the " + format.formatName() + " data is damaged: " + String.join("; ", warnings));
            }
            return BufferedImageSamples.toDecodedImage(image, format.formatName());
        } catch (IOException e) {
            throw corrupt(format, e);
        } finally {
            reader.dispose();
        }
    }

    private static int header(ImageReader reader, ImageFormat format, boolean width) throws ImageRejectedException {
        try {
            return width ? reader.getWidth(0) : reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        }
    }

    private static BufferedImage readPixels(ImageReader reader, ImageFormat format) throws ImageRejectedException {
        try {
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            // Damaged streams surface as IIOException but also as IndexOutOfBounds, IllegalArgument, ... from codecs.
            throw corrupt(format, e);
        }
    }

    private static ImageRejectedException corrupt(ImageFormat format, Throwable e) {
        StringBuilder message = new StringBuilder("the ").append(format.formatName()).append(" data cannot be decoded: ").append(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append(" (").append(cause.getClass().getSimpleName()).append(cause.getMessage() == null ? "" : ": " + cause.getMessage()).append(')');
        }
        return new ImageRejectedException(RejectReason.CORRUPT, message.toString(), e);
    }

    /** A new reader from the provider chosen once per format (looking providers up per image is costly). */
    private static ImageReader readerFor(ImageFormat format) {
        try {
            return READER_PROVIDERS.get(format).createReaderInstance();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an ImageIO reader for " + format.formatName(), e);
        }
    }

    private static Map<ImageFormat, ImageReaderSpi> chooseReaderProviders() {
        Map<ImageFormat, ImageReaderSpi> providers = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : ImageFormat.values()) {
            Iterator<ImageReaderSpi> candidates = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                    spi -> Arrays.asList(((ImageReaderSpi) spi).getFormatNames()).contains(format.formatName()), true);
            ImageReaderSpi chosen = null;
            while (candidates.hasNext()) {
                ImageReaderSpi candidate = candidates.next();
                if (chosen == null || candidate.getClass().getName().startsWith(PREFERRED_JPEG_READER_PACKAGE)) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                throw new IllegalStateException("no ImageIO reader for " + format.formatName() + " on the class path");
            }
            providers.put(format, chosen);
        }
        return providers;
    }

    private static IIOReadWarningListener collectingInto(List<String> warnings) {
        return (source, warning) -> {
            if (DATA_LOSS_WARNING.matcher(warning).find()) {
                warnings.add(warning);
            }
        };
    }
}
