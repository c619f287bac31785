package io.visionstream.inference.oip;

/** The protocol's tensor datatypes this service reads or writes. */
public final class Datatype {

    public static final String FP32 = "FP32";
    public static final String BYTES = "BYTES";

    private Datatype() {
    }
}
