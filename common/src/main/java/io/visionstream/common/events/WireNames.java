package io.visionstream.common.events;

import java.util.Arrays;
import java.util.Locale;

/** How enums of the shared documents are written on the wire: their names in lower case, read back case-insensitively. */
final class WireNames {

    private WireNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} named {@code name}; an unknown name fails with the list of known ones. */
    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        String wanted = name == null ? "" : name.trim();
        for (E value : type.getEnumConstants()) {
            if (of(value).equalsIgnoreCase(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "' (known: "
                + Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList() + ")");
    }
}
