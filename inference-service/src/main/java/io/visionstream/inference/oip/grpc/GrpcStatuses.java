package io.visionstream.inference.oip.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.visionstream.inference.budget.OverloadedException;
import io.visionstream.inference.oip.OipException;

/**
 * The gRPC status of a refusal, with the same message REST answers: 400 and 413 (a request over a limit: retrying it
 * cannot succeed) are INVALID_ARGUMENT, 404 NOT_FOUND, 503 UNAVAILABLE, a full HTTP byte budget RESOURCE_EXHAUSTED
 * with the seconds to wait in the {@code retry-after} trailer, anything else INTERNAL.
 */
final class GrpcStatuses {

    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcStatuses() {
    }

    static StatusRuntimeException of(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof OverloadedException overloaded) {
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER, Long.toString(overloaded.retryAfterSeconds()));
            return Status.RESOURCE_EXHAUSTED.withDescription(overloaded.getMessage()).asRuntimeException(trailers);
        }
        if (failure instanceof OipException refusal) {
            Status status = switch (refusal.status()) {
                case 400, 413 -> Status.INVALID_ARGUMENT;
                case 404 -> Status.NOT_FOUND;
                case 503 -> Status.UNAVAILABLE;
                default -> Status.INTERNAL;
            };
            return status.withDescription(refusal.getMessage()).asRuntimeException();
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Status.CANCELLED.withDescription("interrupted while scoring (the server is stopping)").asRuntimeException();
        }
        return Status.INTERNAL.withDescription(String.valueOf(failure)).withCause(failure).asRuntimeException();
    }
}
