package io.visionstream.common.image;

/**
 * How many pixels the preprocessing that follows a decode needs, so a JPEG much larger than the model input can be
 * decoded at 1/2, 1/4 or 1/8 of its size (libjpeg scales in the DCT domain, far cheaper than decoding everything and
 * shrinking afterwards) while still never being enlarged by the resize. A side limit of 0 constrains nothing.
 *
 * @param minWidth       the decoded width must stay at least this
 * @param minHeight      the decoded height must stay at least this
 * @param minShorterSide the decoded shorter side must stay at least this
 */
public record DecodeTarget(int minWidth, int minHeight, int minShorterSide) {

    /** Every pixel of the source: no reduced size can cover it. What {@link ImageDecoder#decode(byte[], String)} uses. */
    public static final DecodeTarget FULL_SIZE = new DecodeTarget(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** The reductions libjpeg offers through OpenCV, largest first. */
    private static final int[] REDUCTIONS = {8, 4, 2};

    public DecodeTarget {
        if (minWidth < 0 || minHeight < 0 || minShorterSide < 0) {
            throw new IllegalArgumentException("decode target sides must be >= 0, were minWidth=" + minWidth
                    + ", minHeight=" + minHeight + ", minShorterSide=" + minShorterSide);
        }
    }

    /** At least {@code width} x {@code height} pixels, e.g. for a resize that stretches to that size. */
    public static DecodeTarget covering(int width, int height) {
        return new DecodeTarget(width, height, 0);
    }

    /** A shorter side of at least {@code side}, e.g. for a resize that scales the shorter side to it and crops. */
    public static DecodeTarget shorterSideAtLeast(int side) {
        return new DecodeTarget(0, 0, side);
    }

    /** A target that covers both this one and {@code other} (each side the larger), e.g. for two model versions. */
    public DecodeTarget and(DecodeTarget other) {
        return new DecodeTarget(Math.max(minWidth, other.minWidth), Math.max(minHeight, other.minHeight),
                Math.max(minShorterSide, other.minShorterSide));
    }

    /**
     * The largest reduction n of 8, 4 and 2 whose decoded size, ceil(width / n) x ceil(height / n) as libjpeg
     * rounds, still covers this target; 1 (full size) when none does.
     */
    public int reductionFor(int width, int height) {
        for (int n : REDUCTIONS) {
            if (covers(ceilDiv(width, n), ceilDiv(height, n))) {
                return n;
            }
        }
        return 1;
    }

    private boolean covers(int width, int height) {
        return width >= minWidth && height >= minHeight && Math.min(width, height) >= minShorterSide;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
