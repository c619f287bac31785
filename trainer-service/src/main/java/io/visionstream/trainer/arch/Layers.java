package io.visionstream.trainer.arch;

import java.util.List;

/** Short constructors for writing networks in code (the zoo); each returns an unnamed spec unless a name is given. */
public final class Layers {

    private Layers() {
    }

    public static LayerSpec.Conv conv(int filters, int kernel, int stride, int padding) {
        return new LayerSpec.Conv(null, filters, Size2.of(kernel), Size2.of(stride), Size2.of(padding), null, null, true);
    }

    /** A convolution without bias, for when batch-norm follows (its beta makes the bias redundant). */
    public static LayerSpec.Conv convNoBias(int filters, int kernel, int stride, int padding) {
        return new LayerSpec.Conv(null, filters, Size2.of(kernel), Size2.of(stride), Size2.of(padding), null, null, false);
    }

    /** A rectangular convolution without bias (Inception's factorised 1xn / nx1). */
    public static LayerSpec.Conv convNoBias(int filters, Size2 kernel, Size2 padding, int stride) {
        return new LayerSpec.Conv(null, filters, kernel, Size2.of(stride), padding, null, null, false);
    }

    public static LayerSpec.BatchNorm batchNorm() {
        return new LayerSpec.BatchNorm(null, null, null);
    }

    public static LayerSpec.BatchNorm batchNorm(double epsilon) {
        return new LayerSpec.BatchNorm(null, epsilon, null);
    }

    public static LayerSpec.Activation relu() {
        return new LayerSpec.Activation(null, LayerSpec.Activation.Kind.RELU);
    }

    public static LayerSpec.Activation sigmoid() {
        return new LayerSpec.Activation(null, LayerSpec.Activation.Kind.SIGMOID);
    }

    public static LayerSpec.MaxPool maxPool(int kernel, int stride) {
        return new LayerSpec.MaxPool(null, Size2.of(kernel), Size2.of(stride), null, false);
    }

    public static LayerSpec.MaxPool maxPool(int kernel, int stride, int padding, boolean ceilMode) {
        return new LayerSpec.MaxPool(null, Size2.of(kernel), Size2.of(stride), Size2.of(padding), ceilMode);
    }

    public static LayerSpec.AvgPool avgPool(int kernel, int stride) {
        return new LayerSpec.AvgPool(null, Size2.of(kernel), Size2.of(stride), null, false, true);
    }

    public static LayerSpec.AvgPool avgPool(int kernel, int stride, int padding, boolean countIncludePad) {
        return new LayerSpec.AvgPool(null, Size2.of(kernel), Size2.of(stride), Size2.of(padding), false, countIncludePad);
    }

    public static LayerSpec.GlobalAvgPool globalAvgPool() {
        return new LayerSpec.GlobalAvgPool(null);
    }

    public static LayerSpec.Lrn lrn() {
        return new LayerSpec.Lrn(null, null, null, null, null);
    }

    public static LayerSpec.Flatten flatten() {
        return new LayerSpec.Flatten(null);
    }

    public static LayerSpec.Dense dense(int units) {
        return new LayerSpec.Dense(null, units, true);
    }

    public static LayerSpec.Dropout dropout(double rate) {
        return new LayerSpec.Dropout(null, rate);
    }

    public static LayerSpec.Sequential seq(LayerSpec... layers) {
        return new LayerSpec.Sequential(null, List.of(layers));
    }

    public static LayerSpec.Sequential seq(List<LayerSpec> layers) {
        return new LayerSpec.Sequential(null, layers);
    }

    public static LayerSpec.Sequential named(String name, LayerSpec... layers) {
        return new LayerSpec.Sequential(name, List.of(layers));
    }

    public static LayerSpec.Sequential named(String name, List<LayerSpec> layers) {
        return new LayerSpec.Sequential(name, layers);
    }

    /** The identity (an empty sequence): the pass-through branch of a DenseNet concat. */
    public static LayerSpec.Sequential identity() {
        return new LayerSpec.Sequential(null, List.of());
    }

    public static LayerSpec.Residual residual(LayerSpec body, LayerSpec projection, LayerSpec.Activation post) {
        return new LayerSpec.Residual(null, body, projection, post, null);
    }

    /** {@code post(scale * body(x) + x)}: Inception-ResNet's scaled residual; {@code post} may be null. */
    public static LayerSpec.Residual scaledResidual(LayerSpec body, double scale, LayerSpec.Activation post) {
        return new LayerSpec.Residual(null, body, null, post, scale);
    }

    public static LayerSpec.Concat concat(LayerSpec... branches) {
        return new LayerSpec.Concat(null, List.of(branches));
    }

    public static LayerSpec.AuxHead auxHead(LayerSpec head) {
        return new LayerSpec.AuxHead(null, head, 0.3);
    }
}
