package io.streamcast.engine;

import io.streamcast.model.CorruptDataException;
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
}
