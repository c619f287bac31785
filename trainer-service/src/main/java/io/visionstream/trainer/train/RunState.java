package io.visionstream.trainer.train;

import io.visionstream.trainer.optim.ResumableOptimizer;
import io.visionstream.trainer.settings.TrainingSettings;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.visionstream.common.json.Json;
import io.visionstream.trainer.arch.NetworkSpec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a run leaves in its directory after every epoch so that it can be resumed: {@value #FILE} (the settings,
 * the curves so far - from which the epoch counter, best-so-far, early-stopping count and plateau schedule are
 * replayed - and the names of the two files below), the weights with batch-norm statistics of the last epoch, and the
 * optimiser's state ({@link ResumableOptimizer}). {@value #FILE} is replaced last, so it always names complete files.
 *
 * @param weights        file name of the last epoch's weights
 * @param optimizerState file name of the optimiser's state
 */
public record RunState(TrainingSettings settings, List<EpochRecord> curves, String weights, String optimizerState) {

    private static final String FILE = RunFiles.RESUME_STATE;

    public RunState {
        curves = List.copyOf(curves);
    }

    /**
     * The settings the run in {@code dir} was trained with, set to resume it there and train up to {@code epochs}
     * (0 = as many as it was set to).
     */
    public static TrainingSettings resuming(Path dir, int epochs) {
        TrainingSettings recorded = read(dir).settings();
        return recorded.toBuilder().optEpochs(epochs > 0 ? epochs : recorded.epochs()).setOut(dir).optResume(true).build();
    }

    /** Reads the state of the run in {@code dir}. */
    public static RunState read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("resume " + dir + " holds no " + FILE + ": not a run directory, or no epoch finished");
        }
        try {
            return Json.fromBytes(Files.readAllBytes(file), RunState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("resume " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes the state after {@code curves.size()} epochs and removes the previous epoch's files. */
    static void write(Path dir, TrainingSettings settings, List<EpochRecord> curves, Block block, ResumableOptimizer optimizer) throws IOException {
        int epoch = curves.size();
        String weights = RunFiles.lastEpochWeights(epoch);
        Checkpoints.save(block, dir.resolve(weights));
        String optimizerState = RunFiles.optimizerState(epoch);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(optimizerState))))) {
            optimizer.saveState(out, Checkpoints.parameters(block));
        }
        RunState previous = Files.exists(dir.resolve(FILE)) ? read(dir) : null;
        Path temporary = dir.resolve(FILE + ".tmp");
        Files.writeString(temporary, Json.toJson(new RunState(settings, curves, weights, optimizerState)));
        Files.move(temporary, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (previous != null) {
            for (String old : new String[] {previous.weights(), previous.optimizerState()}) {
                if (old != null && !old.equals(weights) && !old.equals(optimizerState)) {
                    Files.deleteIfExists(dir.resolve(old));
                }
            }
        }
    }

    /** Puts the last epoch's weights into the trainer's own arrays and, where saved, the optimiser's state back. */
    void restore(Path dir, NetworkSpec network, Block block, NDManager manager, ResumableOptimizer optimizer) throws IOException {
        Checkpoints.copyInto(network, block, manager, dir.resolve(weights));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(optimizerState))))) {
            optimizer.loadState(in, Checkpoints.parameters(block));
        }
    }
}
