package io.streamcast.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command will write, checked before it does any work: a mistake in a path costs no replay. */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A folder to write into: made if missing; refused when it is a file or cannot be written. */
    static void folder(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file; give a folder (it is made if missing)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot make the folder (" + e + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": the folder is not writable");
        }
    }

    /** A file to (over)write: its folder must exist or be makeable and be writable; it must not be a folder. */
    static void file(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            folder(parent, option + "'s folder");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option + " " + file + " exists and is not writable");
        }
    }

    /** An existing file the command will rewrite in place. */
    static void existingFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
        file(file, option);
    }
}
