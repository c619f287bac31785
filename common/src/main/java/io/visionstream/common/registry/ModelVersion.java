package io.visionstream.common.registry;

import io.visionstream.common.manifest.ModelManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One published, verified model version: its directory in the registry and its manifest. */
public record ModelVersion(Path directory, ModelManifest manifest) {

    /** Protobuf's limit, hence the largest ONNX file without external data (and about the largest Java array). */
    private static final long MAX_ONNX_BYTES = Integer.MAX_VALUE - 8;

    /** The ONNX file of this version. */
    public Path onnxFile() {
        return directory.resolve(manifest.onnx().file());
    }

    /**
     * The ONNX file's bytes, verified against the manifest's sha256. A loader must use exactly these bytes rather than
     * open the file again: the file could be replaced between a check and a second read.
     */
    public byte[] readVerifiedOnnx() {
        Path onnx = onnxFile();
        try {
            long size = Files.size(onnx);
            if (size > MAX_ONNX_BYTES) {
                throw new RegistryException(RegistryException.Reason.INVALID_CONTENT, manifest.ref() + ": " + onnx.getFileName() + " is "
                        + size + " bytes; a self-contained ONNX file is at most 2 GiB");
            }
            byte[] bytes = Files.readAllBytes(onnx);
            requireDigest(Sha256.of(bytes));
            return bytes;
        } catch (NoSuchFileException e) {
            throw missingOnnx();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.IO, "cannot read " + onnx + ": " + e, e);
        }
    }

    /** Refuses the ONNX file unless {@code actualSha256} is the digest the manifest records. */
    void requireDigest(String actualSha256) {
        String expected = manifest.onnx().sha256();
        if (!actualSha256.equalsIgnoreCase(expected)) {
            throw new RegistryException(RegistryException.Reason.INTEGRITY, manifest.ref() + ": sha256 of " + onnxFile().getFileName()
                    + " is " + actualSha256 + " but the manifest records " + expected + " - the file was altered");
        }
    }

    RegistryException missingOnnx() {
        return new RegistryException(RegistryException.Reason.INTEGRITY, manifest.ref() + ": " + onnxFile().getFileName() + " is missing");
    }
}
