package io.streamcast.topics;

import io.streamcast.training.TrainingPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.Weights;
import io.streamcast.model.WeightsCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A model-topic record: key = model key ({@value #GLOBAL} or a series key), value = magic "SCMR", format,
 * provenance JSON (length-prefixed), then the weights in {@link WeightsCodec}'s format. The topic is
 * compacted, so the latest version of each model key survives.
 */
public final class ModelRecords {
    /** The model key of a global spec's weights. */
    public static final String GLOBAL = TrainingPolicy.GLOBAL_MODEL;
    private static final int MAGIC = 0x53434d52; // "SCMR"
    static final short FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A decoded model-topic value. */
    public record Published(ModelProvenance provenance, Weights weights) {
    }

    private ModelRecords() {
    }

    public static byte[] encode(ModelProvenance provenance, Weights weights) {
        try {
            byte[] json = JSON.writeValueAsBytes(provenance);
            byte[] w = WeightsCodec.encode(weights);
            return ByteBuffer.allocate(10 + json.length + w.length).putInt(MAGIC).putShort(FORMAT)
                    .putInt(json.length).put(json).put(w).array();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write provenance", e);
        }
    }

    public static Published decode(byte[] bytes) {
        if (bytes == null || bytes.length < 10) {
            throw new CorruptDataException("model record: too short (" + (bytes == null ? 0 : bytes.length) + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new CorruptDataException("model record: bad magic, not a streamcast model record");
        }
        short format = b.getShort();
        if (format != FORMAT) {
            throw new CorruptDataException("model record: format " + format + " is not supported (this build reads "
                    + FORMAT + ")");
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new CorruptDataException("model record: provenance length " + n + " out of range");
        }
        ModelProvenance p;
        try {
            p = JSON.readValue(new String(bytes, 10, n, StandardCharsets.UTF_8), ModelProvenance.class);
        } catch (IOException e) {
            throw new CorruptDataException("model record: provenance is not valid JSON: " + e.getMessage());
        }
        byte[] w = new byte[b.remaining() - n];
        System.arraycopy(bytes, 10 + n, w, 0, w.length);
        return new Published(p, WeightsCodec.decode(w));
    }
}
