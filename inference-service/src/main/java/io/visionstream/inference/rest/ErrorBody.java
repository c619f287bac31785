package io.visionstream.inference.rest;

/** JSON body of every 4xx/5xx answer: a machine-readable reason code and a human message. */
public record ErrorBody(String reason, String message) {
}
