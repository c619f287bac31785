package io.visionstream.trainer.train;

import ai.djl.training.initializer.XavierInitializer;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkSpec;

/** Fresh weights as the networks' papers draw them: Kaiming (He) for ReLU networks, Xavier for sigmoid/tanh ones. */
final class Initializers {

    private Initializers() {
    }

    static XavierInitializer forNetwork(NetworkSpec network) {
        return usesRelu(network.body()) ? new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
                : new XavierInitializer();
    }

    private static boolean usesRelu(LayerSpec layer) {
        if (layer instanceof LayerSpec.Activation a) {
            return a.kind() == LayerSpec.Activation.Kind.RELU;
        }
        if (layer instanceof LayerSpec.Sequential s) {
            return s.layers().stream().anyMatch(Initializers::usesRelu);
        }
        if (layer instanceof LayerSpec.Residual r) {
            return usesRelu(r.body()) || r.projection() != null && usesRelu(r.projection()) || r.post() != null && usesRelu(r.post());
        }
        if (layer instanceof LayerSpec.Concat c) {
            return c.branches().stream().anyMatch(Initializers::usesRelu);
        }
        return layer instanceof LayerSpec.AuxHead a && usesRelu(a.head());
    }
}
