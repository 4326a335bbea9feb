package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The golden blobs under src/test/resources/golden (listed in its README.md): reading them, holding the
 * current encoders to them, and writing the ones a new format version needs. A golden file is never rewritten:
 * bytes that change need a new format version, and so a new file.
 */
public final class GoldenFiles {
    static final Path DIR = Path.of("src/test/resources/golden");
    private static final String HOW = "bump the format version and add a new golden file (run the writer named in "
            + "src/test/resources/golden/README.md); never rewrite an existing golden file";

    private GoldenFiles() {
    }

    public static byte[] read(String name) {
        try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream("golden/" + name)) {
            assertNotNull(in, "no golden file golden/" + name + ": after a format version bump, write the new "
                    + "version's files with the writer named in src/test/resources/golden/README.md");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the current encoder's bytes for the fixed sample are the golden file's, byte for byte. */
    public static void assertCurrent(String name, byte[] encoded) {
        assertArrayEquals(read(name), encoded, "the encoding no longer matches golden/" + name
                + " although its format version is unchanged: " + HOW);
    }

    /**
     * Writes each golden file that does not exist yet (run from the project directory, by hand, after a format
     * version bump). An existing file is left alone; one whose bytes differ is reported, because its format
     * changed without a new version.
     *
     * @return whether every existing file already held the given bytes
     */
    public static boolean writeNew(Map<String, byte[]> files) throws IOException {
        Files.createDirectories(DIR);
        boolean consistent = true;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = DIR.resolve(f.getKey());
            if (!Files.exists(p)) {
                Files.write(p, f.getValue());
                System.out.println("wrote " + p + " (" + f.getValue().length + " bytes): add it to the README");
            } else if (Arrays.equals(Files.readAllBytes(p), f.getValue())) {
                System.out.println("unchanged " + p);
            } else {
                consistent = false;
                System.out.println("NOT rewritten " + p + ": the current encoding differs; " + HOW);
            }
        }
        return consistent;
    }
}
