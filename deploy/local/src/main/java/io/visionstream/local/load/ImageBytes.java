package io.visionstream.local.load;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Pictures encoded as the payloads producers put on the {@code images} topic. */
public final class ImageBytes {

    private ImageBytes() {
    }

    /** {@code format} is an ImageIO writer name: {@code png} or {@code jpeg}. */
    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no image writer for '" + format + "'");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
