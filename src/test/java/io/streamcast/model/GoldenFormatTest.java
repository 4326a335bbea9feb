package io.streamcast.model;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every golden-file test shares: the current encoders must write the current versions' golden files
 * byte for byte, and a subclass's {@code main} writes the files of a new version (see golden/README.md).
 */
public abstract class GoldenFormatTest {
    /** The golden file of each format's current version and what the current encoder writes for its sample. */
    protected abstract Map<String, byte[]> current();

    @Test
    public void currentEncodersWriteTheGoldenFilesOfTheCurrentVersions() {
        current().forEach(GoldenFiles::assertCurrent);
    }

    /** Writes the golden files of the current versions that do not exist yet; exits 1 if one has changed. */
    protected static void writeNew(GoldenFormatTest formats) throws IOException {
        if (!GoldenFiles.writeNew(formats.current())) {
            System.exit(1);
        }
    }
}
