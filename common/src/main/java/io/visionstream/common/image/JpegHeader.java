package io.visionstream.common.image;

/**
 * The frame header (SOFn marker) of a JPEG, read straight from the bytes without a decoder: the pixel limit is
 * enforced and the decoding route chosen from it before anything is allocated for pixels. Markers before the frame
 * (APPn with an EXIF thumbnail, DQT, DHT, ...) are skipped by their length, so a thumbnail's frame is never taken
 * for the image's.
 *
 * @param width      samples per line
 * @param height     lines
 * @param components 1 (grey), 3 (YCbCr or RGB) or 4 (CMYK/YCCK)
 * @param precision  bits per sample (8 for almost every JPEG, 12 in some medical images)
 */
record JpegHeader(int width, int height, int components, int precision) {

    private static final int MARKER_PREFIX = 0xFF;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    /** Length (2), precision (1), height (2), width (2), component count (1). */
    private static final int SOF_FIELDS = 8;

    /**
     * Reads the frame header, or returns {@code null} when the bytes are not a well-formed JPEG up to its frame
     * header (the ImageIO decoder then reports why), or when the height is deferred to a DNL marker (0 in the frame).
     */
    static JpegHeader parse(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != MARKER_PREFIX || (jpeg[1] & 0xFF) != SOI) {
            return null;
        }
        int i = 2;
        while (i + 1 < jpeg.length) {
            if ((jpeg[i] & 0xFF) != MARKER_PREFIX) {
                return null;
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == MARKER_PREFIX) {
                i++; // fill byte
                continue;
            }
            i += 2;
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                continue; // no length field
            }
            if (marker == SOS || marker == EOI || i + 1 >= jpeg.length) {
                return null; // scan data or the end before any frame header
            }
            int length = ((jpeg[i] & 0xFF) << 8) | (jpeg[i + 1] & 0xFF);
            if (isStartOfFrame(marker)) {
                return length < SOF_FIELDS || i + SOF_FIELDS > jpeg.length ? null : frame(jpeg, i);
            }
            if (length < 2) {
                return null;
            }
            i += length;
        }
        return null;
    }

    /** Whether the data ends with the EOI marker: a JPEG cut short in transfer does not. */
    static boolean endsWithEndOfImage(byte[] jpeg) {
        return jpeg.length >= 2 && (jpeg[jpeg.length - 2] & 0xFF) == MARKER_PREFIX && (jpeg[jpeg.length - 1] & 0xFF) == EOI;
    }

    private static JpegHeader frame(byte[] jpeg, int lengthAt) {
        int precision = jpeg[lengthAt + 2] & 0xFF;
        int height = ((jpeg[lengthAt + 3] & 0xFF) << 8) | (jpeg[lengthAt + 4] & 0xFF);
        int width = ((jpeg[lengthAt + 5] & 0xFF) << 8) | (jpeg[lengthAt + 6] & 0xFF);
        int components = jpeg[lengthAt + 7] & 0xFF;
        return width == 0 || height == 0 || components == 0 ? null : new JpegHeader(width, height, components, precision);
    }

    /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}
