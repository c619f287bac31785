package io.visionstream.inference.oip;

/** The protocol's tensor datatypes this service reads or writes. */
final class Datatype {

    static final String FP32 = "FP32";
    static final String BYTES = "BYTES";

    private Datatype() {
    }
}
