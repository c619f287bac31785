package io.visionstream.trainer.rest;

/**
 * The JWT roles ({@code groups} claim) the trainer's API knows. {@code ml-trainer} may submit and cancel training
 * jobs that do not publish; {@code ml-admin} may do that, submit jobs that publish ({@code publishAs}) and register
 * models. Reads need what {@code visionstream.trainer.security.read-policy} says.
 */
final class Roles {

    static final String ML_ADMIN = "ml-admin";
    static final String ML_TRAINER = "ml-trainer";

    private Roles() {
    }
}
