package io.visionstream.bench.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.TensorBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a trained model decides the same on camera frames whatever the image path: top-1 of the old path (ImageIO
 * full decode) against the new one (scaled native decode), both preprocessed as the model's manifest says, and each
 * path's accuracy against the true labels. Reads a registry version folder (manifest.json + model.onnx).
 */
final class ModelAgreement implements AutoCloseable {

    /** Frames compared, frames both paths call right, and the right calls of each path. */
    record Result(int frames, int agreeing, int oldCorrect, int newCorrect) {
    }

    private final ModelManifest manifest;
    private final Preprocessor preprocessor;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    ModelAgreement(Path versionDir) throws IOException, OrtException {
        this.manifest = Json.fromBytes(Files.readAllBytes(versionDir.resolve(ModelManifest.FILE_NAME)), ModelManifest.class);
        this.preprocessor = new Preprocessor(manifest.preprocess());
        this.session = environment.createSession(Files.readAllBytes(versionDir.resolve(ModelManifest.ONNX_FILE_NAME)),
                new OrtSession.SessionOptions());
    }

    String describe() {
        return manifest.name() + " v" + manifest.version() + " (" + manifest.input().channels() + "x" + manifest.input().height()
                + "x" + manifest.input().width() + ", " + manifest.preprocess().resize().policy().wireName() + ")";
    }

    Result compare(List<CameraFrames.Frame> frames, ImageDecoder decoder) throws IOException, OrtException, ImageRejectedException {
        int agreeing = 0;
        int oldCorrect = 0;
        int newCorrect = 0;
        for (CameraFrames.Frame frame : frames) {
            int oldTop = top1(ImageIoBaseline.decode(frame.jpeg()));
            int newTop = top1(decoder.decode(frame.jpeg(), "image/jpeg", manifest.preprocess().decodeTarget()));
            agreeing += oldTop == newTop ? 1 : 0;
            oldCorrect += oldTop == frame.label() ? 1 : 0;
            newCorrect += newTop == frame.label() ? 1 : 0;
        }
        return new Result(frames.size(), agreeing, oldCorrect, newCorrect);
    }

    private int top1(DecodedImage image) throws OrtException {
        TensorBatch batch = new TensorBatch(preprocessor, 1, manifest.input().layout());
        batch.put(0, image);
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch.view(), batch.shape());
             OrtSession.Result result = session.run(Map.of(manifest.input().name(), input), Set.of(manifest.outputs().scores()))) {
            float[] scores = ((float[][]) result.get(0).getValue())[0];
            int best = 0;
            for (int i = 1; i < scores.length; i++) {
                best = scores[i] > scores[best] ? i : best;
            }
            return best;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
