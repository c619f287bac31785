package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DJL side of the exported {@code embedding} output: the input of the network's last dense layer (the
 * penultimate features), computed in inference mode by running the block's children up to that layer. The ONNX
 * export names the same tensor (the input of the last dense layer it emits; dropout and auxiliary heads are not
 * emitted); the parity check compares the two. Supported when that layer is reached through sequences only - a last
 * dense layer inside a residual or concat branch has no DJL embedding here.
 */
public final class Embeddings {

    private final int[] path;

    private Embeddings(int[] path) {
        this.path = path;
    }

    /** The embedding of {@code network}'s blocks, or empty when it has no dense layer reachable through sequences. */
    public static Optional<Embeddings> of(NetworkSpec network) {
        List<Integer> path = new ArrayList<>();
        return lastDense(network.body(), path) == Found.REACHABLE
                ? Optional.of(new Embeddings(path.stream().mapToInt(Integer::intValue).toArray()))
                : Optional.empty();
    }

    /** The embeddings {@code [batch, features]} of input {@code x} through {@code block}, built from the network's spec. */
    public NDArray forward(Block block, ParameterStore store, NDArray x) {
        Block current = block;
        NDArray value = x;
        for (int depth = 0; depth < path.length; depth++) {
            List<Block> children = new ArrayList<>();
            current.getChildren().forEach(pair -> children.add(pair.getValue()));
            for (int i = 0; i < path[depth]; i++) {
                value = children.get(i).forward(store, new NDList(value), false).head();
            }
            current = children.get(path[depth]);
        }
        return value;
    }

    private enum Found { NONE, REACHABLE, UNREACHABLE }

    /** Finds the last dense layer the export emits under {@code layer}; on success {@code path} holds its child indices. */
    private static Found lastDense(LayerSpec layer, List<Integer> path) {
        if (layer instanceof LayerSpec.Sequential s) {
            for (int i = s.layers().size() - 1; i >= 0; i--) {
                LayerSpec child = s.layers().get(i);
                if (child instanceof LayerSpec.Dense) {
                    path.add(0, i);
                    return Found.REACHABLE;
                }
                Found inside = lastDense(child, path);
                if (inside == Found.REACHABLE) {
                    path.add(0, i);
                    return inside;
                }
                if (inside == Found.UNREACHABLE) {
                    return inside;
                }
            }
            return Found.NONE;
        }
        if (layer instanceof LayerSpec.Residual r) {
            return containsDense(r.body()) || (r.projection() != null && containsDense(r.projection())) ? Found.UNREACHABLE : Found.NONE;
        }
        if (layer instanceof LayerSpec.Concat c) {
            return c.branches().stream().anyMatch(Embeddings::containsDense) ? Found.UNREACHABLE : Found.NONE;
        }
        return Found.NONE;
    }

    private static boolean containsDense(LayerSpec layer) {
        return lastDense(layer, new ArrayList<>()) != Found.NONE || layer instanceof LayerSpec.Dense;
    }
}
