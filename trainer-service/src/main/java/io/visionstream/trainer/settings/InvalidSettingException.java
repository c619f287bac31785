package io.visionstream.trainer.settings;

/** A training setting out of its range or not one of its choices; the message starts with the setting's field name. */
public final class InvalidSettingException extends IllegalArgumentException {

    private final Setting setting;

    public InvalidSettingException(Setting setting, String message) {
        super(message);
        this.setting = setting;
    }

    public Setting setting() {
        return setting;
    }
}
