package io.streamcast.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared benchmark datasets in ../shared/datasets, outside the repository. A fresh clone has no such folder,
 * so the tests that read it are skipped there, and say so; where the folder is there, a file they need and do
 * not find is a failure, so a renamed or half-copied dataset cannot pass as "skipped".
 */
public final class SharedDatasets {
    public static final Path ROOT = Path.of("../shared/datasets");

    private SharedDatasets() {
    }

    /** The file or folder at {@code relative} under the shared datasets, by the rule above. */
    public static Path require(String relative) {
        return require(ROOT, relative);
    }

    static Path require(Path root, String relative) {
        Path where = root.toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(root), () -> "skipped: no shared datasets at " + where);
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            Assertions.fail(relative + " is missing from the shared datasets at " + where);
        }
        return p;
    }
}
