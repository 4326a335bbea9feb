package io.streamcast.topics;

import io.streamcast.model.CorruptDataException;
import io.streamcast.training.TrainingCodec;
import io.streamcast.model.TrainingWindow;

/**
 * What the per-key side sends the aggregation on the training-updates topic, keyed by model key: one tBPTT
 * window, either to learn from or held back as a canary. A window (k2 × inputs doubles, about 3.6 KB for
 * k2 = 64) is also much smaller than a gradient (30 KB for a GRU-32).
 */
public record TrainingUpdate(TrainingWindow window, boolean canary) {
    private static final byte LEARN = 'L';
    private static final byte CANARY = 'C';

    public byte[] encode() {
        byte[] w = TrainingCodec.encode(window);
        byte[] out = new byte[w.length + 1];
        out[0] = canary ? CANARY : LEARN;
        System.arraycopy(w, 0, out, 1, w.length);
        return out;
    }

    public static TrainingUpdate decode(byte[] bytes) {
        if (bytes == null || bytes.length < 2 || bytes[0] != LEARN && bytes[0] != CANARY) {
            throw new CorruptDataException("training update: not a window record");
        }
        byte[] w = new byte[bytes.length - 1];
        System.arraycopy(bytes, 1, w, 0, w.length);
        return new TrainingUpdate(TrainingCodec.decodeWindow(w), bytes[0] == CANARY);
    }
}
