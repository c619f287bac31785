package io.visionstream.trainer.data;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Train / validation by a hash of the image id (Kafka's murmur2, the partitioner's hash), not by a seeded shuffle: an
 * image lands in the same part in every job and every window, so an image held out once is never trained on by a later
 * continual job, and the split does not depend on which other images the window holds.
 */
public final class KeySplit {

    private KeySplit() {
    }

    /** Whether image {@code key} is held out for validation, for a validation share of {@code fraction} in [0, 1]. */
    public static boolean validation(String key, double fraction) {
        int hash = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)));
        return hash < fraction * Integer.MAX_VALUE;
    }
}
