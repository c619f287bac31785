package io.visionstream.bench.reliability;

import java.util.List;

/**
 * The good images a scenario streams: their bytes (cycled), their content type, and the model they are for
 * ({@code null} = the service's default model).
 */
record Workload(List<byte[]> images, String contentType, String model) {
}
