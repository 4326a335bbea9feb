package io.streamcast.streams.forecast;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.EventOutcome;
import io.streamcast.model.Ahead;
import io.streamcast.model.Forecast;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last points of each key this instance has forecast, for the web console: the value, the forecast that
 * had been made for it with its band, the anomaly likelihood and the alert it opened or closed. In memory
 * only, on purpose: it is a view, not state. Writing it to a changelog on every event would cost more than
 * the forecast. So it holds what this instance has seen since it took the key's partition (after a restart
 * or a rebalance it fills again as events arrive); the /series API routes a key to its owner as for its state.
 * A replayed event (after an aborted transaction) is not recorded twice: points only move forward in time.
 */
public final class RecentHistory {
    /** No history: the console shows state only. */
    public static final RecentHistory NONE = new RecentHistory(0, 0);
    private static final int FIRST_CAPACITY = 64;
    private final int points;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Ring> rings = new ConcurrentHashMap<>();

    /**
     * @param points  points kept per key (about 50 bytes each)
     * @param maxKeys keys given a history; a key beyond it has none (the console still shows its state)
     */
    public RecentHistory(int points, int maxKeys) {
        if (points < 0 || maxKeys < 0) {
            throw new IllegalArgumentException("history points and keys must be >= 0, got " + points + ", " + maxKeys);
        }
        this.points = points;
        this.maxKeys = maxKeys;
    }

    /**
     * One point: {@code alert} is the alert the event opened, resolved or had suppressed (NONE mostly);
     * {@code calendar} whether it fell in a calendar event.
     */
    public record Point(long ts, double value, double mean, double lower, double upper, boolean scored,
                        double likelihood, AnomalyResult.Alert alert, AnomalyResult.Severity severity,
                        boolean calendar) {
    }

    /** As the spec's processing.historyPoints and historyKeys say. */
    public static RecentHistory of(io.streamcast.spec.PipelineSpec spec) {
        return new RecentHistory(spec.processing().historyPoints(), spec.processing().historyKeys());
    }

    public boolean enabled() {
        return points > 0;
    }

    /** Records a stepped event: called by the forecast processor's thread. */
    void record(String key, long ts, double value, EventOutcome.Stepped out) {
        record(key, ts, value, out, null);
    }

    /** @param ahead the key's next forecasts (forecast.horizon), or null */
    void record(String key, long ts, double value, EventOutcome.Stepped out, Ahead ahead) {
        if (points == 0) {
            return;
        }
        Ring ring = rings.get(key);
        if (ring == null) {
            if (rings.size() >= maxKeys) {
                return;
            }
            ring = rings.computeIfAbsent(key, k -> new Ring(points));
        }
        ring.add(ts, value, out, ahead);
    }

    /** The next forecasts (forecast.horizon) made after the key's last recorded point, or null. */
    public Ahead ahead(String key) {
        Ring ring = rings.get(key);
        return ring == null ? null : ring.ahead();
    }

    /** The key's last {@code n} points, oldest first; empty when this instance has none. */
    public List<Point> last(String key, int n) {
        Ring ring = rings.get(key);
        return ring == null ? List.of() : ring.last(n);
    }

    /**
     * The model's mean absolute error over the key's recent scored points divided by the naive forecast's
     * (the previous value) over the same points; NaN without enough points.
     */
    public double versusNaive(String key) {
        Ring ring = rings.get(key);
        return ring == null ? Double.NaN : ring.versusNaive();
    }

    /** A primitive ring per key: no allocation per event once it has grown to size. */
    private static final class Ring {
        private final int max;
        private long[] ts;
        private double[] value;
        private double[] mean;
        private double[] lower;
        private double[] upper;
        private double[] likelihood;
        /** bit 0: scored; bits 1-2: alert ordinal; bit 3: critical; bit 4: in a calendar event. */
        private byte[] flags;
        private int start;
        private int size;
        private Ahead ahead;

        Ring(int max) {
            this.max = max;
            allocate(Math.min(FIRST_CAPACITY, max));
        }

        private void allocate(int capacity) {
            long[] t = new long[capacity];
            double[] v = new double[capacity];
            double[] m = new double[capacity];
            double[] lo = new double[capacity];
            double[] up = new double[capacity];
            double[] li = new double[capacity];
            byte[] f = new byte[capacity];
            if (ts != null) { // grows only before the first wrap, so start is 0
                System.arraycopy(ts, 0, t, 0, size);
                System.arraycopy(value, 0, v, 0, size);
                System.arraycopy(mean, 0, m, 0, size);
                System.arraycopy(lower, 0, lo, 0, size);
                System.arraycopy(upper, 0, up, 0, size);
                System.arraycopy(likelihood, 0, li, 0, size);
                System.arraycopy(flags, 0, f, 0, size);
            }
            ts = t;
            value = v;
            mean = m;
            lower = lo;
            upper = up;
            likelihood = li;
            flags = f;
        }

        synchronized Ahead ahead() {
            return ahead;
        }

        synchronized void add(long eventTs, double v, EventOutcome.Stepped out, Ahead next) {
            if (size > 0 && eventTs <= ts[index(size - 1)]) {
                return; // a replay of a point already here
            }
            ahead = next;
            if (size == ts.length && size < max) {
                allocate(Math.min(max, size * 2));
            }
            int i;
            if (size < ts.length) {
                i = index(size);
                size++;
            } else {
                i = start;
                start = (start + 1) % ts.length;
            }
            Forecast f = out.scored();
            AnomalyResult a = out.anomaly();
            ts[i] = eventTs;
            value[i] = v;
            mean[i] = f.mean();
            lower[i] = f.lower();
            upper[i] = f.upper();
            likelihood[i] = a.likelihood();
            flags[i] = (byte) ((f.counts() ? 1 : 0) | a.alert().ordinal() << 1
                    | (a.severity() == AnomalyResult.Severity.CRITICAL ? 8 : 0) | (out.calendar() != null ? 16 : 0));
        }

        private int index(int k) {
            return (start + k) % ts.length;
        }

        synchronized List<Point> last(int n) {
            int count = Math.min(Math.max(n, 0), size);
            List<Point> out = new ArrayList<>(count);
            AnomalyResult.Alert[] alerts = AnomalyResult.Alert.values();
            for (int k = size - count; k < size; k++) {
                int i = index(k);
                AnomalyResult.Alert alert = alerts[(flags[i] >> 1) & 3];
                boolean opens = alert == AnomalyResult.Alert.OPENED || alert == AnomalyResult.Alert.SUPPRESSED;
                AnomalyResult.Severity severity = !opens ? null
                        : (flags[i] & 8) != 0 ? AnomalyResult.Severity.CRITICAL : AnomalyResult.Severity.WARNING;
                out.add(new Point(ts[i], value[i], mean[i], lower[i], upper[i], (flags[i] & 1) != 0, likelihood[i],
                        alert, severity, (flags[i] & 16) != 0));
            }
            return out;
        }

        synchronized double versusNaive() {
            double model = 0;
            double naive = 0;
            int n = 0;
            for (int k = 1; k < size; k++) {
                int i = index(k);
                if ((flags[i] & 1) != 0) {
                    model += Math.abs(value[i] - mean[i]);
                    naive += Math.abs(value[i] - value[index(k - 1)]);
                    n++;
                }
            }
            return n < 10 || naive == 0 ? Double.NaN : model / naive;
        }
    }
}
