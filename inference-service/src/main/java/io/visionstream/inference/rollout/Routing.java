package io.visionstream.inference.rollout;

import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.Route;
import io.visionstream.common.image.DecodeTarget;
import io.visionstream.inference.scoring.MicroBatcher;

import java.nio.charset.StandardCharsets;

/**
 * How one model's images are routed right now, with the loaded versions it routes to. Canary routing is sticky: an
 * image key always falls in the same percentile bucket (FNV-1a hash of the key), so at a given weight the same key
 * always meets the same version, on every replica. Immutable: a rollout change installs a new Routing.
 */
public record Routing(RolloutState state, MicroBatcher stable, MicroBatcher canary, int canaryWeightPercent, MicroBatcher shadow) {

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int BUCKETS = 100;

    /** The role that scores the image with this key. */
    public Route pick(String key) {
        return canary != null && bucket(key) < canaryWeightPercent ? Route.CANARY : Route.STABLE;
    }

    public MicroBatcher batcher(Route route) {
        return route == Route.CANARY ? canary : route == Route.SHADOW ? shadow : stable;
    }

    /**
     * Bytes of model input one image occupies while it is scored here: the larger of the stable and canary tensors
     * (an image meets one of them), plus the shadow's copy.
     */
    public long inputBytesPerImage() {
        return Math.max(inputBytes(stable), inputBytes(canary)) + inputBytes(shadow);
    }

    /** How small a JPEG may be decoded for every version an image meets here (stable, canary, shadow). */
    public DecodeTarget decodeTarget() {
        DecodeTarget target = decodeTarget(stable);
        if (canary != null) {
            target = target.and(decodeTarget(canary));
        }
        return shadow == null ? target : target.and(decodeTarget(shadow));
    }

    private static DecodeTarget decodeTarget(MicroBatcher batcher) {
        return batcher.model().manifest().preprocess().decodeTarget();
    }

    private static long inputBytes(MicroBatcher batcher) {
        return batcher == null ? 0 : (long) batcher.model().manifest().preprocess().floatsPerImage() * Float.BYTES;
    }

    /** The key's percentile bucket, 0-99, identical on every replica and run. */
    public static int bucket(String key) {
        int hash = FNV_OFFSET;
        for (byte b : (key == null ? "" : key).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }
}
