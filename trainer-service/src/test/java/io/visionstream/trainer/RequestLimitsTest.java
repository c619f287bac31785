package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Hyper-parameters and networks over their bounds are refused naming the field. Each positive control sits at the
 * bound and is refused only by a later check (an unknown optimizer), so it passed the bound without training anything.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class RequestLimitsTest {

    private static Map<String, Object> job(Object... entries) {
        Map<String, Object> job = new HashMap<>(Map.of("arch", "lenet5", "dataset", "mnist"));
        for (int i = 0; i < entries.length; i += 2) {
            job.put((String) entries[i], entries[i + 1]);
        }
        return job;
    }

    private static ValidatableResponse submit(Map<String, Object> job) {
        return Tokens.as("ml-trainer").contentType(ContentType.JSON).body(job).post("/api/training/jobs").then();
    }

    private static void refused(String field, Map<String, Object> job) {
        submit(job).statusCode(400).body("field", equalTo(field));
    }

    /** Within the bounds: only the deliberately unknown optimizer is wrong. */
    private static void withinBounds(Map<String, Object> job) {
        job.put("optimizer", "none-such");
        submit(job).statusCode(400).body("field", equalTo("optimizer"));
    }

    @Test
    void hyperParametersHaveUpperBounds() {
        refused("epochs", job("epochs", 1001));
        refused("batchSize", job("batchSize", 4097));
        refused("inputSize", job("inputSize", 1025));
        refused("lr", job("lr", 10.5));
        refused("lr", job("lr", 0));
        refused("limitTrain", job("limitTrain", -1));
        submit(job("epochs", 5000, "resume", "any")).statusCode(400).body("field", equalTo("epochs"));

        withinBounds(job("epochs", 1000, "batchSize", 4096, "inputSize", 1024, "lr", 10, "limitTrain", 0));
    }

    @Test
    void aCustomNetworkHasAtMostAThousandNodes() {
        refused("spec", job("spec", flattens(999)));
        submit(job("spec", flattens(999))).body("message", containsString("1001 layer nodes"));

        withinBounds(job("spec", flattens(998)));
    }

    @Test
    void aNetworkHasBoundedParametersAndMultiplyAdds() {
        submit(job("spec", sequential(Map.of("type", "flatten"), dense(3_000_000), dense(10)))).statusCode(400)
                .body("field", equalTo("spec")).body("message", containsString("parameters"));
        submit(job("inputSize", 1024, "spec", sequential(conv(16_384), Map.of("type", "global-avg-pool"), Map.of("type", "flatten"), dense(10))))
                .statusCode(400).body("field", equalTo("spec")).body("message", containsString("multiply-adds"));
        submit(job("spec", sequential(conv(Integer.MAX_VALUE), Map.of("type", "flatten"), dense(10)))).statusCode(400)
                .body("field", equalTo("spec")).body("message", containsString("too large"));
        submit(job("arch", "vgg19", "inputSize", 1024)).statusCode(400).body("field", equalTo("arch")).body("message", containsString("are accepted"));

        withinBounds(job("spec", sequential(Map.of("type", "flatten"), dense(1_000_000), dense(10))));
        withinBounds(job("inputSize", 1024, "spec", sequential(conv(1024), Map.of("type", "global-avg-pool"), Map.of("type", "flatten"), dense(10))));
        withinBounds(job("arch", "vgg19", "inputSize", 224));
    }

    /** {@code count} flatten layers and a dense layer in a sequence: count + 2 nodes. */
    private static Map<String, Object> flattens(int count) {
        List<Object> layers = new ArrayList<>(Collections.nCopies(count, Map.of("type", "flatten")));
        layers.add(dense(10));
        return Map.of("type", "sequential", "layers", layers);
    }

    private static Map<String, Object> sequential(Object... layers) {
        return Map.of("type", "sequential", "layers", List.of(layers));
    }

    private static Map<String, Object> dense(int units) {
        return Map.of("type", "dense", "units", units);
    }

    private static Map<String, Object> conv(int filters) {
        return Map.of("type", "conv", "filters", filters, "kernel", 3);
    }
}
