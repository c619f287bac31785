package io.visionstream.trainer.arch;

/** A network spec that cannot work, naming the layer (its path in the tree) and the shapes involved. */
public final class InvalidSpecException extends IllegalArgumentException {

    private final String path;

    public InvalidSpecException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** Where in the tree, e.g. {@code vgg16/features/3}. */
    public String path() {
        return path;
    }
}
