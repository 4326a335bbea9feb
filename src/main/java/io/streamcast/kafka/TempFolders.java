package io.streamcast.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary folders that brokers, state stores and benchmarks leave: one place, not five. */
public final class TempFolders {
    private TempFolders() {
    }

    /** Deletes the folder and everything in it, deepest first. */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** {@link #delete}, for clean-up on the way out: a temporary folder left behind is harmless. */
    public static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // left behind
        }
    }
}
