package io.visionstream.inference.drift;

/**
 * The last {@code size} projected embeddings of one version and the classes predicted for them, in a ring: memory is
 * fixed at {@code size x (projection dimensions + 1)} numbers however long the stream. Says when a check is due:
 * once full, every {@code checkEvery} images.
 */
final class DriftWindow {

    private final float[][] embeddings;
    private final int[] classes;
    private final int checkEvery;
    private int next;
    private long seen;
    private long sinceCheck;

    DriftWindow(int size, int checkEvery) {
        this.embeddings = new float[size][];
        this.classes = new int[size];
        this.checkEvery = checkEvery;
    }

    /** Adds one image; returns whether a check is due now. */
    synchronized boolean add(float[] projected, int predicted) {
        embeddings[next] = projected;
        classes[next] = predicted;
        next = (next + 1) % embeddings.length;
        seen++;
        sinceCheck++;
        if (seen >= embeddings.length && sinceCheck >= checkEvery) {
            sinceCheck = 0;
            return true;
        }
        return false;
    }

    /** The window's contents (any order serves: the statistic ignores order). */
    synchronized Contents contents() {
        return new Contents(embeddings.clone(), classes.clone());
    }

    record Contents(float[][] embeddings, int[] classes) {
    }

    /** How many images the window holds (at most its size). */
    synchronized int fill() {
        return (int) Math.min(seen, embeddings.length);
    }

    synchronized long seen() {
        return seen;
    }
}
