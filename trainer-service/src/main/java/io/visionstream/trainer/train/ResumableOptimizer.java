package io.visionstream.trainer.train;

import ai.djl.nn.Parameter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * An optimiser whose whole state (e.g. momentum buffers) can be written and read back, so a resumed run continues
 * exactly. Parameter ids differ between processes, so state is stored in the order of the given parameters (the
 * block's parameter order, the same for the same network).
 */
interface ResumableOptimizer {

    void saveState(DataOutputStream out, List<Parameter> parameters) throws IOException;

    /** Restores state written by {@link #saveState} for the same network; its arrays live with the parameters'. */
    void loadState(DataInputStream in, List<Parameter> parameters) throws IOException;
}
