package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Mistakes in where to write are refused with what to do, before any work. */
class OutputPathsTest {
    @Test
    void aFileWhereAFolderIsWantedAndAFolderWhereAFileIsWantedAreRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("report"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.folder(file, "--out"));
        assertTrue(e.getMessage().contains("is a file; give a folder"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OutputPaths.file(dir, "--out"));
        assertTrue(e.getMessage().contains("is a folder; give a file name"), e.getMessage());
        OutputPaths.folder(dir.resolve("a/b"), "--out");
        assertTrue(Files.isDirectory(dir.resolve("a/b")), "a missing folder is made");
        e = assertThrows(IllegalArgumentException.class, () -> OutputPaths.existingFile(dir.resolve("no.yaml"),
                "--write-threshold"));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void backtestSaysSoBeforeItReplaysAnything(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("report"), "x");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = Main.commandLine(Map.of());
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("backtest", "--spec", "topologies/sensors.yaml", "--input", "sample-streams",
                "--out", file.toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("--out " + file + " is a file"), err.toString());
        assertEquals(1, cl.execute("backtest", "--spec", "topologies/sensors.yaml", "--input", "sample-streams",
                "--out", dir.resolve("out").toString(), "--write-threshold", "topologies/sensors.yaml"));
        assertTrue(err.toString().contains("--write-threshold writes the NAB sweep's threshold: it needs --labels"));
        assertTrue(!Files.exists(dir.resolve("out/report.json")), "nothing was replayed");
    }
}
