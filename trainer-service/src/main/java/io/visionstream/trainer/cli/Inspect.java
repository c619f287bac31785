package io.visionstream.trainer.cli;

import io.visionstream.common.json.Json;
import io.visionstream.trainer.publish.ManifestDraft;
import io.visionstream.trainer.publish.OnnxSignature;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code inspect MODEL.onnx}: drafts the registry manifest of a model made elsewhere ({@link ManifestDraft}), so that
 * registering it starts from what its ONNX graph already says.
 */
final class Inspect {

    private Inspect() {
    }

    /** {@code inspect MODEL.onnx [--name NAME] [--out FILE]}: the draft manifest as JSON (stdout or FILE), what to check on stderr. */
    static int run(String... args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            System.err.println("error: inspect needs the path of an .onnx file\n" + TrainerMain.USAGE);
            return 2;
        }
        Path file = Path.of(args[1]);
        String defaultName = file.getFileName().toString().replaceFirst("\\.onnx$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        try {
            Map<String, String> options = TrainerMain.options(java.util.Arrays.copyOfRange(args, 1, args.length));
            ManifestDraft.Draft draft = ManifestDraft.of(options.getOrDefault("name", defaultName), OnnxSignature.read(file));
            String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(draft.manifest()) + "\n";
            if (options.containsKey("out")) {
                java.nio.file.Files.writeString(Path.of(options.get("out")), json);
            } else {
                System.out.print(json);
            }
            draft.notes().forEach(note -> System.err.println("check: " + note));
            return 0;
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("error: " + file + ": " + e.getMessage());
            return 2;
        }
    }
}
