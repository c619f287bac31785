package io.visionstream.inference.config;

import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.ImageDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The image decoder with the configured limits, shared by the stream and HTTP. */
@ApplicationScoped
public class DecoderProducer {

    @Produces
    @ApplicationScoped
    ImageDecoder decoder(InferenceConfig config) {
        return new ImageDecoder(new DecodeLimits(config.decode().maxPayloadBytes(), config.decode().maxPixels()));
    }
}
