package io.visionstream.trainer.publish;

/** A model registration refused before anything was written, with the request part at fault. */
public final class RegistrationRejectedException extends Exception {

    /** Why a registration is refused; each names the request part ({@link #field()}) that is wrong. */
    public enum Reason {
        /** The model name in the path is not a valid registry name. */
        INVALID_NAME("name"),
        /** The {@code manifest} part is missing, not a manifest, or names another model. */
        INVALID_MANIFEST("manifest"),
        /** The {@code model} part is missing, not self-contained ONNX, or does not fit the manifest. */
        INVALID_MODEL("model");

        private final String field;

        Reason(String field) {
            this.field = field;
        }

        /** The request field that is wrong: {@code name}, {@code manifest} or {@code model}. */
        public String field() {
            return field;
        }
    }

    private final Reason reason;

    public RegistrationRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
