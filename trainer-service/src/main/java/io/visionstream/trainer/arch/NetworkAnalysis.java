package io.visionstream.trainer.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a {@link NetworkSpec} the way data will flow: infers every layer's output shape, checks that each layer can
 * take its input (an inconsistent spec fails with an {@link InvalidSpecException} naming the layer path and the
 * shapes), and counts trainable parameters and multiply-adds (per example) as PyTorch would. Counts use exact
 * arithmetic: a spec too large to count is refused rather than wrapped around to a small number.
 */
public final class NetworkAnalysis {

    /** One layer's place in the tree, output shape, parameters and multiply-adds. */
    public record LayerInfo(String path, String type, Shape output, long parameters, long multiplyAdds) {
    }

    /** The result: output shape, totals, auxiliary-head parameters (included in the total), and every layer. */
    public record Result(Shape output, long parameters, long auxParameters, long multiplyAdds, List<LayerInfo> layers) {
    }

    private final List<LayerInfo> layers = new ArrayList<>();
    private long parameters;
    private long auxParameters;
    private long multiplyAdds;
    private int auxDepth;

    private NetworkAnalysis() {
    }

    /** Analyses a network; its output must be a flat vector of {@code classes} logits. */
    public static Result of(NetworkSpec network) {
        NetworkAnalysis analysis = new NetworkAnalysis();
        Shape input = Shape.image(network.channels(), network.height(), network.width());
        Shape output;
        try {
            output = analysis.visit(network.body(), input, network.arch());
        } catch (ArithmeticException e) {
            throw new InvalidSpecException(network.arch(), "the network is too large: a shape or count overflows (" + e.getMessage() + ")");
        }
        if (!output.flat() || output.channels() != network.classes()) {
            throw new InvalidSpecException(network.arch(), "the network ends in " + output + " but must end in [" + network.classes()
                    + "] logits (one per class); end with flatten + dense(" + network.classes() + ") or a global pool + flatten");
        }
        return new Result(output, analysis.parameters, analysis.auxParameters, analysis.multiplyAdds, List.copyOf(analysis.layers));
    }

    private Shape visit(LayerSpec layer, Shape in, String path) {
        if (layer instanceof LayerSpec.Conv c) {
            return conv(c, in, path);
        } else if (layer instanceof LayerSpec.BatchNorm) {
            return record(path, "batch-norm", in, 2L * in.channels(), 0);
        } else if (layer instanceof LayerSpec.Activation a) {
            return record(path, a.kind().name().toLowerCase(java.util.Locale.ROOT), in, 0, 0);
        } else if (layer instanceof LayerSpec.MaxPool p) {
            return pool(path, "max-pool", in, p.kernel(), p.stride(), p.padding(), p.ceilMode());
        } else if (layer instanceof LayerSpec.AvgPool p) {
            return pool(path, "avg-pool", in, p.kernel(), p.stride(), p.padding(), p.ceilMode());
        } else if (layer instanceof LayerSpec.GlobalAvgPool) {
            return record(path, "global-avg-pool", Shape.image(image(in, path, "global-avg-pool").channels(), 1, 1), 0, 0);
        } else if (layer instanceof LayerSpec.Lrn) {
            return record(path, "lrn", image(in, path, "lrn"), 0, 0);
        } else if (layer instanceof LayerSpec.Flatten) {
            return record(path, "flatten", Shape.features(Math.toIntExact(in.elements())), 0, 0);
        } else if (layer instanceof LayerSpec.Dense d) {
            return dense(d, in, path);
        } else if (layer instanceof LayerSpec.Dropout d) {
            if (d.rate() < 0 || d.rate() >= 1) {
                throw new InvalidSpecException(path, "dropout rate must be within [0, 1), was " + d.rate());
            }
            return record(path, "dropout", in, 0, 0);
        } else if (layer instanceof LayerSpec.Sequential s) {
            Shape shape = in;
            for (int i = 0; i < s.layers().size(); i++) {
                shape = visit(s.layers().get(i), shape, child(path, i, s.layers().get(i)));
            }
            return shape;
        } else if (layer instanceof LayerSpec.Residual r) {
            return residual(r, in, path);
        } else if (layer instanceof LayerSpec.Concat c) {
            return concat(c, in, path);
        } else if (layer instanceof LayerSpec.AuxHead a) {
            auxDepth++;
            Shape head = visit(a.head(), in, path + "/head");
            auxDepth--;
            if (!head.flat()) {
                throw new InvalidSpecException(path, "an auxiliary head must end in flat logits, ends in " + head);
            }
            return in;
        }
        throw new InvalidSpecException(path, "unknown layer " + layer);
    }

    /** The child path: parent path + the child's name (or position), e.g. {@code resnet18/layer1/0}. */
    static String child(String parent, int index, LayerSpec layer) {
        return parent + "/" + (layer.name() != null ? layer.name() : Integer.toString(index));
    }

    private Shape conv(LayerSpec.Conv c, Shape in, String path) {
        Shape input = image(in, path, "conv");
        if (c.filters() < 1 || c.groups() < 1 || input.channels() % c.groups() != 0 || c.filters() % c.groups() != 0) {
            throw new InvalidSpecException(path, "conv with " + c.filters() + " filters and " + c.groups() + " groups cannot take "
                    + input.channels() + " input channels (both must be divisible by groups)");
        }
        int h = window(path, "conv", input.height(), c.kernel().h(), c.stride().h(), c.padding().h(), c.dilation().h(), false, input);
        int w = window(path, "conv", input.width(), c.kernel().w(), c.stride().w(), c.padding().w(), c.dilation().w(), false, input);
        long perFilter = Math.multiplyExact(Math.multiplyExact((long) input.channels() / c.groups(), c.kernel().h()), c.kernel().w());
        long weights = Math.multiplyExact(c.filters(), perFilter);
        long params = Math.addExact(weights, c.bias() ? c.filters() : 0);
        return record(path, "conv", Shape.image(c.filters(), h, w), params, Math.multiplyExact(Math.multiplyExact(weights, h), w));
    }

    private Shape pool(String path, String type, Shape in, Size2 kernel, Size2 stride, Size2 padding, boolean ceil) {
        Shape input = image(in, path, type);
        if (padding.h() * 2 > kernel.h() || padding.w() * 2 > kernel.w()) {
            throw new InvalidSpecException(path, type + " padding " + padding + " must be at most half the kernel " + kernel);
        }
        int h = window(path, type, input.height(), kernel.h(), stride.h(), padding.h(), 1, ceil, input);
        int w = window(path, type, input.width(), kernel.w(), stride.w(), padding.w(), 1, ceil, input);
        return record(path, type, Shape.image(input.channels(), h, w), 0, 0);
    }

    /** Output length of a sliding window, with PyTorch's ceil-mode rule (the last window must start inside the input). */
    private static int window(String path, String type, int size, int kernel, int stride, int pad, int dilation, boolean ceil, Shape input) {
        if (kernel < 1 || stride < 1) {
            throw new InvalidSpecException(path, type + " kernel and stride must be >= 1");
        }
        long span = (long) dilation * (kernel - 1) + 1;
        long room = size + 2L * pad - span;
        if (room < 0) {
            throw new InvalidSpecException(path, type + " kernel " + kernel + " (dilation " + dilation + ") does not fit input "
                    + input + " with padding " + pad + ": the input is too small for this network");
        }
        int out = Math.toIntExact((ceil ? (room + stride - 1) / stride : room / stride) + 1);
        if (ceil && (out - 1L) * stride >= (long) size + pad) {
            out--;
        }
        return out;
    }

    private Shape dense(LayerSpec.Dense d, Shape in, String path) {
        if (!in.flat()) {
            throw new InvalidSpecException(path, "dense needs a flat input but gets " + in + "; add a flatten layer before it");
        }
        if (d.units() < 1) {
            throw new InvalidSpecException(path, "dense needs at least 1 unit, has " + d.units());
        }
        long params = (long) d.units() * in.channels() + (d.bias() ? d.units() : 0);
        return record(path, "dense", Shape.features(d.units()), params, (long) d.units() * in.channels());
    }

    private Shape residual(LayerSpec.Residual r, Shape in, String path) {
        if (!Double.isFinite(r.scale())) {
            throw new InvalidSpecException(path, "residual scale must be a finite number, was " + r.scale());
        }
        Shape body = visit(r.body(), in, path + "/body");
        Shape shortcut = r.projection() == null ? in : visit(r.projection(), in, path + "/projection");
        if (!body.equals(shortcut)) {
            throw new InvalidSpecException(path, "the body gives " + body + " but the shortcut gives " + shortcut
                    + (r.projection() == null ? "; add a projection (1x1 conv + batch-norm) to the shortcut" : ""));
        }
        if (r.post() != null) {
            visit(r.post(), body, path + "/post");
        }
        return body;
    }

    private Shape concat(LayerSpec.Concat c, Shape in, String path) {
        if (c.branches().isEmpty()) {
            throw new InvalidSpecException(path, "concat needs at least one branch");
        }
        List<Shape> outs = new ArrayList<>();
        for (int i = 0; i < c.branches().size(); i++) {
            outs.add(visit(c.branches().get(i), in, child(path, i, c.branches().get(i))));
        }
        Shape first = outs.get(0);
        int channels = 0;
        for (Shape s : outs) {
            if (s.flat() != first.flat() || s.height() != first.height() || s.width() != first.width()) {
                throw new InvalidSpecException(path, "concat branches must agree in height and width, got " + outs);
            }
            channels = Math.addExact(channels, s.channels());
        }
        return new Shape(channels, first.height(), first.width(), first.flat());
    }

    private static Shape image(Shape in, String path, String type) {
        if (in.flat()) {
            throw new InvalidSpecException(path, type + " needs a C x H x W input but gets the flat " + in);
        }
        return in;
    }

    private Shape record(String path, String type, Shape out, long params, long macs) {
        layers.add(new LayerInfo(path, type, out, params, macs));
        parameters = Math.addExact(parameters, params);
        multiplyAdds = Math.addExact(multiplyAdds, macs);
        if (auxDepth > 0) {
            auxParameters = Math.addExact(auxParameters, params);
        }
        return out;
    }
}
