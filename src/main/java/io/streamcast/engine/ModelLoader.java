package io.streamcast.engine;

import io.streamcast.model.CorruptDataException;
import io.streamcast.model.DirectHead;
import io.streamcast.model.DirectHeadCodec;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.Weights;
import io.streamcast.model.WeightsCodec;
import io.streamcast.spec.PipelineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The weights a pipeline starts with: the spec's weights file, or the built-in seeded initialisation. */
public final class ModelLoader {
    public static final String BUILTIN = "builtin";
    /** The head last read, by file, size, time and config: immutable, so every task shares it. */
    private static final java.util.Map<String, DirectHead> HEADS = new java.util.HashMap<>();

    private ModelLoader() {
    }

    /**
     * @param baseDir where a relative weights path is resolved (the spec file's folder)
     */
    public static Weights initial(PipelineSpec spec, Path baseDir) {
        NetworkShape shape = spec.modelConfig().shape();
        String source = spec.model().weights();
        if (BUILTIN.equals(source)) {
            // Residual models start at the naive forecast; training moves them on from there.
            return Weights.initial(shape, spec.model().seed());
        }
        Path file = baseDir == null ? Path.of(source) : baseDir.resolve(source);
        Weights w;
        try {
            w = WeightsCodec.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("model.weights: cannot read " + file + " (" + e.getMessage()
                    + "); write one with `streamcast train --spec ... --out " + file + "` or use 'builtin'");
        } catch (CorruptDataException e) {
            throw new IllegalArgumentException("model.weights: " + file + " is not a weights file: " + e.getMessage());
        }
        if (!w.shape().equals(shape)) {
            throw new IllegalArgumentException("model.weights: " + file + " holds a " + w.shape()
                    + " model but the spec asks for " + shape + "; retrain with this spec");
        }
        return w;
    }

    /**
     * The direct head a live pipeline uses: the one fitted into the spec's {@code forecast.direct.file} (resolved
     * against the spec's folder when the spec was loaded), or null when the spec has no head or names no file.
     */
    public static DirectHead directHead(PipelineSpec spec) {
        PipelineSpec.Direct d = spec.forecast().direct();
        if (!d.config().enabled() || d.file() == null) {
            return null;
        }
        Path file = Path.of(d.file());
        try {
            // Every forecast task asks as it starts: the file is read once while it stays the same file.
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file)
                    + "|" + d.config() + "|" + spec.forecast().season();
            synchronized (HEADS) {
                DirectHead head = HEADS.get(key);
                if (head == null) {
                    head = DirectHeadCodec.decode(Files.readAllBytes(file), d.config(), spec.forecast().season());
                    HEADS.clear();
                    HEADS.put(key, head);
                }
                return head;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("forecast.direct.file: cannot read " + file + " (" + e.getMessage()
                    + "); fit one with `streamcast train --spec <spec> --input <history csv> --out <weights> --direct-out "
                    + file + "` (it trains the network's weights too) or leave the field out");
        } catch (CorruptDataException e) {
            throw new IllegalArgumentException("forecast.direct.file: " + file + " is not a direct head file: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("forecast.direct.file: " + file + ": " + e.getMessage());
        }
    }
}
