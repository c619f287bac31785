package io.visionstream.k8s;

/** A manifest that does not match its Kubernetes or CRD type (unknown kind, misspelled or mistyped field). */
final class InvalidManifestException extends RuntimeException {

    InvalidManifestException(String message) {
        super(message);
    }

    InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
