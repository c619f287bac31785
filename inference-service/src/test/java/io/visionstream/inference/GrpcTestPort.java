package io.visionstream.inference;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The gRPC test port: one free port picked when the tests start, given to the service by {@link Profile} (or a
 * profile that adds its overrides), so a plain grpc-java client knows where to connect.
 */
final class GrpcTestPort {

    static final int PORT = freePort();

    private GrpcTestPort() {
    }

    /** A plaintext channel to the service's gRPC port; close it after the test. */
    static ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
    }

    static Map<String, String> overrides() {
        return Map.of("quarkus.grpc.server.test-port", Integer.toString(PORT));
    }

    /** Serves gRPC on {@link #PORT}. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
