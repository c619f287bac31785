package io.visionstream.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.djl.SpecBlocks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parameter files of a block (DJL's format): written, read, or copied into a block a trainer is already using. */
final class Checkpoints {

    private Checkpoints() {
    }

    static void save(Block block, Path file) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }

    /** Replaces the block's parameters by those in {@code file} (new arrays: only for a block no trainer holds). */
    static void load(Block block, NDManager manager, Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot read the checkpoint " + file, e);
        }
    }

    /**
     * Copies the parameters in {@code file} into the block's own arrays: a trainer keeps references to them, so they
     * are overwritten in place, not replaced.
     *
     * @throws IllegalStateException if the file does not fit the network
     */
    static void copyInto(NetworkSpec network, Block block, NDManager manager, Path file) {
        try (NDManager scratch = manager.newSubManager()) {
            Block stored = SpecBlocks.build(network);
            stored.initialize(scratch, DataType.FLOAT32, SpecBlocks.inputShape(network, 1));
            load(stored, scratch, file);
            List<Parameter> targets = parameters(block);
            List<Parameter> sources = parameters(stored);
            for (int i = 0; i < targets.size(); i++) {
                targets.get(i).getArray().set(sources.get(i).getArray().toFloatArray());
            }
        }
    }

    static List<Parameter> parameters(Block block) {
        List<Parameter> parameters = new ArrayList<>();
        block.getParameters().forEach(pair -> parameters.add(pair.getValue()));
        return parameters;
    }
}
