package io.visionstream.trainer.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/** Extracts the regular files of a .tgz (ustar, as npm packs them) into a directory, refusing paths that escape it. */
final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {
    }

    static void extract(Path archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == '0' || type == 0) {
                    Path file = root.resolve(path).normalize();
                    if (!file.startsWith(root)) {
                        throw new IOException("archive entry " + path + " escapes " + root);
                    }
                    Files.createDirectories(file.getParent());
                    Files.copy(new BoundedInputStream(in, size), file, StandardCopyOption.REPLACE_EXISTING);
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    /** Reads at most {@code remaining} bytes of the underlying stream and never closes it. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the archive stream stays open for the next entry
        }
    }
}
