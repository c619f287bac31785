package io.visionstream.trainer.rest;

import io.visionstream.trainer.settings.Setting;

/**
 * Every machine-readable reason the trainer's REST layer answers with, besides the registry's own reasons and the job
 * limits' ({@link io.visionstream.trainer.jobs.CapacityExceededException}): a closed set, so that each maps to its
 * HTTP status by an exhaustive switch ({@link #status()}). A request field at fault has its own {@code INVALID_<FIELD>}
 * reason, written as the API always wrote it: the field's name in upper case, without separators
 * ({@code batchSize} = {@code INVALID_BATCHSIZE}).
 */
public enum ErrorReason {
    /** 400: a request the endpoint cannot take, without a single field at fault. */
    BAD_REQUEST,
    /** 400: the body is not well-formed JSON, or does not fit the request's fields and types. */
    MALFORMED_JSON,
    /** 400: a path names a file outside the directories the service may use. */
    PATH_NOT_ALLOWED,
    /** 400: no JSON body where one is required. */
    INVALID_BODY("body"),
    INVALID_ARCH("arch"),
    INVALID_SPEC("spec"),
    INVALID_DATASET("dataset"),
    INVALID_PUBLISHAS("publishAs"),
    INVALID_RESUME("resume"),
    INVALID_EPOCHS("epochs"),
    INVALID_BATCHSIZE("batchSize"),
    INVALID_LR("lr"),
    INVALID_OPTIMIZER("optimizer"),
    INVALID_MOMENTUM("momentum"),
    INVALID_NESTEROV("nesterov"),
    INVALID_SCHEDULE("schedule"),
    INVALID_STEPEPOCHS("stepEpochs"),
    INVALID_MILESTONES("milestones"),
    INVALID_VALFRACTION("valFraction"),
    INVALID_LIMITTRAIN("limitTrain"),
    INVALID_INPUTSIZE("inputSize"),
    INVALID_AUGMENT("augment"),
    INVALID_LABELSMOOTHING("labelSmoothing"),
    INVALID_FREEZE("freeze"),
    INVALID_RECIPE("recipe"),
    INVALID_WIDTHDIVISOR("widthDivisor"),
    /** 400: a continual job's base model cannot be fine-tuned (registered elsewhere, no original data set). */
    INVALID_MODEL("model"),
    /** 400: a continual job's window: times out of order, {@code last} below 1 or above the job's bound, unknown classes. */
    INVALID_WINDOW("window"),
    /** 400: a continual trigger's reason is not one of {@link io.visionstream.common.events.TrainingTrigger.Reason}. */
    INVALID_REASON("reason"),
    /** 401: no bearer token, or one that is invalid, expired, or for another issuer or audience. */
    UNAUTHORIZED,
    /** 403: a valid token without the role the call needs. */
    FORBIDDEN,
    /** 404: no such route, job or model. */
    NOT_FOUND,
    /** 405: the route exists, the method does not. */
    METHOD_NOT_ALLOWED,
    /** 406: the route cannot produce any type the client accepts. */
    NOT_ACCEPTABLE,
    /** 409: the request conflicts with the current state (e.g. cancelling a finished job). */
    CONFLICT,
    /** 413: the body is longer than {@code quarkus.http.limits.max-body-size}. */
    BODY_TOO_LARGE,
    /** 415: the Content-Type is not one the route takes, or not a media type at all. */
    UNSUPPORTED_MEDIA_TYPE,
    /** 500: a fault of the service; the log has the details under the id in the message. */
    INTERNAL_ERROR;

    private final String field;

    ErrorReason() {
        this(null);
    }

    ErrorReason(String field) {
        this.field = field;
    }

    /** The request field an {@code INVALID_<FIELD>} reason is about; null for the other reasons. */
    public String field() {
        return field;
    }

    /** The HTTP status this reason is answered with. */
    public int status() {
        return switch (this) {
            case BAD_REQUEST, MALFORMED_JSON, PATH_NOT_ALLOWED, INVALID_BODY, INVALID_ARCH, INVALID_SPEC, INVALID_DATASET,
                 INVALID_PUBLISHAS, INVALID_RESUME, INVALID_EPOCHS, INVALID_BATCHSIZE, INVALID_LR, INVALID_OPTIMIZER,
                 INVALID_MOMENTUM, INVALID_NESTEROV, INVALID_SCHEDULE, INVALID_STEPEPOCHS, INVALID_MILESTONES,
                 INVALID_VALFRACTION, INVALID_LIMITTRAIN, INVALID_INPUTSIZE, INVALID_AUGMENT, INVALID_LABELSMOOTHING,
                 INVALID_FREEZE, INVALID_RECIPE, INVALID_WIDTHDIVISOR, INVALID_MODEL, INVALID_WINDOW, INVALID_REASON -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case CONFLICT -> 409;
            case BODY_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case INTERNAL_ERROR -> 500;
        };
    }

    /** The reason a refused training setting is answered with. */
    public static ErrorReason of(Setting setting) {
        return switch (setting) {
            case EPOCHS -> INVALID_EPOCHS;
            case BATCH_SIZE -> INVALID_BATCHSIZE;
            case LR -> INVALID_LR;
            case OPTIMIZER -> INVALID_OPTIMIZER;
            case MOMENTUM -> INVALID_MOMENTUM;
            case NESTEROV -> INVALID_NESTEROV;
            case SCHEDULE -> INVALID_SCHEDULE;
            case STEP_EPOCHS -> INVALID_STEPEPOCHS;
            case MILESTONES -> INVALID_MILESTONES;
            case VAL_FRACTION -> INVALID_VALFRACTION;
            case LIMIT_TRAIN -> INVALID_LIMITTRAIN;
            case INPUT_SIZE -> INVALID_INPUTSIZE;
            case AUGMENT -> INVALID_AUGMENT;
            case LABEL_SMOOTHING -> INVALID_LABELSMOOTHING;
            case FREEZE -> INVALID_FREEZE;
            case RECIPE -> INVALID_RECIPE;
            case WIDTH_DIVISOR -> INVALID_WIDTHDIVISOR;
        };
    }
}
