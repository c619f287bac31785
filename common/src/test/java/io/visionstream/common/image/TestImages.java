package io.visionstream.common.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds test payloads of every supported flavour with known pixels, using the JDK's own encoders. */
public final class TestImages {

    private TestImages() {
    }

    /** An RGB image whose left half is {@code left} and right half {@code right} (0xRRGGBB). */
    public static BufferedImage twoColours(int width, int height, int left, int right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? left : right);
            }
        }
        return image;
    }

    public static BufferedImage grey(int width, int height, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return image;
    }

    public static byte[] png(RenderedImage image) {
        return encode(image, "png", null);
    }

    public static byte[] jpeg(RenderedImage image, boolean progressive) {
        return encode(image, "jpeg", param -> {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1.0f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
        });
    }

    /** A JPEG at {@code quality} (0-1) as a camera would send it, baseline. */
    public static byte[] jpeg(RenderedImage image, float quality) {
        return encode(image, "jpeg", param -> {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
        });
    }

    /**
     * A camera-like RGB scene: smooth colour gradients with a few soft-edged discs and sharp bars, so that scaled
     * decoding and resampling meet both flat areas and edges.
     */
    public static BufferedImage scene(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] discs = new double[6][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                    (0.05 + 0.2 * random.nextDouble()) * Math.min(width, height), random.nextInt(0x1000000)};
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / width;
                int g = 255 * y / height;
                int b = (x / Math.max(1, width / 16)) % 2 == 0 ? 64 : 192;
                for (double[] d : discs) {
                    double distance = Math.hypot(x - d[0], y - d[1]);
                    if (distance < d[2]) {
                        int colour = (int) d[3];
                        double a = Math.min(1, (d[2] - distance) / 4);
                        r = (int) (r * (1 - a) + ((colour >> 16) & 0xFF) * a);
                        g = (int) (g * (1 - a) + ((colour >> 8) & 0xFF) * a);
                        b = (int) (b * (1 - a) + (colour & 0xFF) * a);
                    }
                }
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** The grey version of {@link #scene}. */
    public static BufferedImage greyScene(int width, int height, long seed) {
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(scene(width, height, seed), 0, 0, null);
        return grey;
    }

    /** {@code jpeg} with an APP1 EXIF segment right after SOI that says "rotate 90 degrees clockwise" (orientation 6). */
    public static byte[] withExifOrientation6(byte[] jpeg) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
                0, 1, // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation, SHORT, count 1, value 6
                0, 0, 0, 0}; // no next IFD
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exif.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(exif);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * A CMYK JPEG as Photoshop writes them: four inverted ink channels and an Adobe APP14 marker (transform 0).
     * The left half is pure cyan ink, the right half no ink (white).
     */
    public static byte[] cmykJpeg(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int cyanInk = x < width / 2 ? 255 : 0;
                raster.setSample(x, y, 0, 255 - cyanInk);
                raster.setSample(x, y, 1, 255);
                raster.setSample(x, y, 2, 255);
                raster.setSample(x, y, 3, 255);
            }
        }
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] plain = bytes.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] result = new byte[plain.length + adobe.length];
        System.arraycopy(plain, 0, result, 0, 2);
        System.arraycopy(adobe, 0, result, 2, adobe.length);
        System.arraycopy(plain, 2, result, 2 + adobe.length, plain.length - 2);
        return result;
    }

    /** A 16-bit-per-sample RGB image: every pixel (r, g, b) given as 16-bit values. */
    public static BufferedImage rgb16(int width, int height, int r, int g, int b) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {r, g, b});
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    public static BufferedImage grey16(int width, int height, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return image;
    }

    /** A palette image with entries red, green, blue, white; pixel (x, y) uses entry (x + y) % 4. */
    public static BufferedImage palette(int width, int height) {
        byte[] r = {(byte) 255, 0, 0, (byte) 255};
        byte[] g = {0, (byte) 255, 0, (byte) 255};
        byte[] b = {0, 0, (byte) 255, (byte) 255};
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % 4);
            }
        }
        return image;
    }

    /** An ARGB image of one colour with the given alpha. */
    public static BufferedImage argb(int width, int height, int argb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        return image;
    }

    /**
     * A syntactically valid PNG whose IHDR declares {@code width x height} 8-bit grey pixels but whose IDAT holds
     * only a few compressed bytes: a decompression bomb if a decoder trusted the header and allocated.
     */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] compressed = new byte[1024];
        int n = deflater.deflate(compressed);
        byte[] idat = new byte[n];
        System.arraycopy(compressed, 0, idat, 0, n);
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private interface ParamSetter {
        void apply(ImageWriteParam param);
    }

    private static byte[] encode(RenderedImage image, String format, ParamSetter setter) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (setter != null) {
                setter.apply(param);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriter jdkJpegWriter() {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                return candidate;
            }
        }
        throw new IllegalStateException("the JDK's JPEG writer is missing");
    }
}
