package io.visionstream.trainer.rest;

import io.visionstream.trainer.config.TrainerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories whose files an HTTP request may name, so that a client cannot make the trainer read (or write)
 * anywhere the service's user can. A path is made absolute and normalised, its deepest existing part is resolved to
 * its real path (a symbolic link inside a root that points outside is outside), and it must then lie under a root's
 * real path. A path outside is refused with the same message whether it exists or not, so the API cannot be used to
 * probe the file system. The checked real path is what the job then uses.
 */
final class AllowedRoots {

    private static final int SHOWN_CHARACTERS = 200;

    private final List<Path> roots;
    private final String description;

    AllowedRoots(List<Path> roots, String description) {
        this.roots = List.copyOf(roots);
        this.description = description;
    }

    /** The configured roots ({@code visionstream.trainer.security.allowed-roots}; default data dir, runs root, registry root). */
    static AllowedRoots of(TrainerConfig config) {
        return new AllowedRoots(config.security().allowedRoots().orElseGet(() -> List.of(config.dataDir(), config.runsRoot(), config.registryRoot())),
                "the directories this service may use (visionstream.trainer.security.allowed-roots)");
    }

    /** {@link #require(String, Path)} for a path as the request gives it. */
    Path require(String field, String path) {
        try {
            return require(field, Path.of(path));
        } catch (InvalidPathException e) {
            throw outside(field, path);
        }
    }

    /**
     * The real location of {@code path} (relative paths are taken from the working directory).
     *
     * @throws InvalidRequestException 400 {@link ErrorReason#PATH_NOT_ALLOWED} naming {@code field} when it is outside
     */
    Path require(String field, Path path) {
        Path real = real(path);
        if (real != null) {
            for (Path root : roots) {
                Path realRoot = real(root);
                if (realRoot != null && real.startsWith(realRoot)) {
                    return real;
                }
            }
        }
        throw outside(field, path.toString());
    }

    /** The path with its deepest existing part resolved to its real path; null when that part does not resolve (a dangling link). */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return null;
        }
    }

    private InvalidRequestException outside(String field, String path) {
        String shown = path.length() > SHOWN_CHARACTERS ? path.substring(0, SHOWN_CHARACTERS) + "..." : path;
        return new InvalidRequestException(ErrorReason.PATH_NOT_ALLOWED, field, field + " '" + shown + "' is not inside " + description);
    }
}
