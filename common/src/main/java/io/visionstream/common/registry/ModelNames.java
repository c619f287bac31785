package io.visionstream.common.registry;

import java.util.regex.Pattern;

/**
 * Model names become directory names and Kafka keys, so they are restricted to a safe pattern: 1-64 characters,
 * letters, digits, '.', '_' and '-', starting with a letter or digit. That rules out path traversal
 * ({@code ../x}), absolute paths, hidden directories and empty names.
 */
public final class ModelNames {

    public static final int MAX_LENGTH = 64;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private ModelNames() {
    }

    public static boolean isValid(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    /** Returns {@code name} if it is safe, otherwise fails with {@link RegistryException.Reason#INVALID_NAME}. */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            String shown = name == null ? "null" : name.length() > MAX_LENGTH + 16 ? "'" + name.substring(0, MAX_LENGTH) + "...' (" + name.length() + " characters)" : "'" + name + "'";
            throw new RegistryException(RegistryException.Reason.INVALID_NAME, "invalid model name " + shown
                    + ": use 1-" + MAX_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
