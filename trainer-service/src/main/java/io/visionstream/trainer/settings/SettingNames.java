package io.visionstream.trainer.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the choices of {@link TrainingSettings} are written by the CLI, REST clients and run files: the constant's name
 * in lower case with '-' for '_' ({@code ALL_BUT_CLASSIFIER} = {@code all-but-classifier}), read back
 * case-insensitively, so the enums keep the wire names the settings had as strings.
 */
final class SettingNames {

    private SettingNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} written {@code name}; otherwise fails naming the setting and the accepted values,
     * e.g. "optimizer must be adam, adamw, sgd or rmsprop, was 'lbfgs'".
     */
    static <E extends Enum<E>> E parse(Class<E> type, Setting setting, String name) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equalsIgnoreCase(name)) {
                return value;
            }
        }
        List<String> known = Arrays.stream(type.getEnumConstants()).map(SettingNames::of).toList();
        String accepted = String.join(", ", known.subList(0, known.size() - 1)) + " or " + known.get(known.size() - 1);
        throw new InvalidSettingException(setting, setting.field() + " must be " + accepted + ", was '"
                + (name == null ? null : name.toLowerCase(Locale.ROOT)) + "'");
    }
}
