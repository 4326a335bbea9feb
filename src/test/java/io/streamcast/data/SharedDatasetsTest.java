package io.streamcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedDatasetsTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheFolderTheTestIsSkippedAndSaysWhy() {
        Path absent = dir.resolve("datasets");
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> SharedDatasets.require(absent, "nab/data"));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    }

    @Test
    void withTheFolderAMissingFileFails() throws IOException {
        Files.createDirectories(dir.resolve("nab/data"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SharedDatasets.require(dir, "nab/labels/combined_windows.json"));
        assertTrue(e.getMessage().contains("nab/labels/combined_windows.json"), e.getMessage());
    }

    @Test
    void aFileThatIsThereIsReturned() throws IOException {
        Path file = Files.createDirectories(dir.resolve("m4-hourly")).resolve("Hourly-train.csv");
        Files.writeString(file, "V1\n");
        assertEquals(file, SharedDatasets.require(dir, "m4-hourly/Hourly-train.csv"));
    }
}
