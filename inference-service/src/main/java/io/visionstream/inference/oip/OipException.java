package io.visionstream.inference.oip;

/**
 * A refusal on the Open Inference Protocol surface, answered as the protocol's {@code {"error": "..."}} with its HTTP
 * status (400, 404, 413, 503) by {@link OipResource}, and as the matching gRPC status by the gRPC service; kept apart
 * from the service's other exceptions so the {@code {"reason", "message"}} answers of {@code /api} stay as they are.
 */
public final class OipException extends RuntimeException {

    private final int status;

    public OipException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static OipException badRequest(String message) {
        return new OipException(400, message);
    }

    public static OipException notFound(String message) {
        return new OipException(404, message);
    }

    public int status() {
        return status;
    }
}
