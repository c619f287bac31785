package io.visionstream.inference.oip;

import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.inference.scoring.ModelSession;

import java.util.Arrays;

/**
 * One batch element of a request: a decoded image (preprocessed by whichever version scores it, exactly as on the
 * stream) or a tensor the client preprocessed, which fits only a version whose input has its C x H x W.
 */
record InputItem(DecodedImage image, float[] tensor, long[] chw) {

    static InputItem image(DecodedImage image) {
        return new InputItem(image, null, null);
    }

    static InputItem tensor(float[] tensor, long[] chw) {
        return new InputItem(null, tensor, chw);
    }

    /** The bytes this element occupies while it waits to be scored: decoded pixels or the client's floats. */
    long bytes() {
        return image != null ? image.pixels().length : (long) tensor.length * Float.BYTES;
    }

    /** The model input for {@code version}; a tensor of another shape is refused (400). */
    float[] inputFor(ModelSession version) {
        if (image != null) {
            return version.preprocessor().apply(image);
        }
        ModelManifest.InputSpec spec = version.manifest().input();
        long[] expected = {spec.channels(), spec.height(), spec.width()};
        if (!Arrays.equals(chw, expected)) {
            throw OipException.badRequest("input '" + spec.name() + "' of " + version.ref() + " has shape [-1, " + spec.channels()
                    + ", " + spec.height() + ", " + spec.width() + "], the request's is [-1, " + chw[0] + ", " + chw[1] + ", " + chw[2] + "]");
        }
        return tensor;
    }
}
