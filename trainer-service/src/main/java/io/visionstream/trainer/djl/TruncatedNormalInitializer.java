package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * N(0, sigma^2) restricted to [-bound, bound] by redrawing the values outside, as PyTorch's
 * {@code trunc_normal_(std=sigma, a=-bound, b=bound)}. DJL's own {@code TruncatedNormalInitializer} always cuts at two
 * standard deviations, which is a different distribution (torchvision's bounds are absolute: +-2).
 */
final class TruncatedNormalInitializer implements Initializer {

    private final float sigma;
    private final float bound;

    TruncatedNormalInitializer(float sigma, float bound) {
        if (sigma <= 0 || bound <= 0) {
            throw new IllegalArgumentException("sigma and bound must be positive, were " + sigma + " and " + bound);
        }
        this.sigma = sigma;
        this.bound = bound;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        NDArray values = manager.randomNormal(0, sigma, shape, dataType, manager.getDevice());
        NDArray outside = values.abs().gt(bound);
        while (outside.any().getBoolean()) {
            values = NDArrays.where(outside, manager.randomNormal(0, sigma, shape, dataType, manager.getDevice()), values);
            outside = values.abs().gt(bound);
        }
        return values;
    }
}
