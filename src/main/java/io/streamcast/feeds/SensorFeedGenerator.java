package io.streamcast.feeds;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A labelled sensor feed: several keys sampled every few minutes, each a daily cycle plus AR(1) noise,
 * with injected spikes, level shifts and flatlines at seeded random times. Deterministic for a seed.
 */
public final class SensorFeedGenerator {
    public static final long STEP_MS = 300_000L;
    public static final long START = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    static final int PER_DAY = 288;
    /** The AR(1) noise's coefficient: each step keeps this share of the last step's noise. */
    static final double AR_PHI = 0.3;

    /** name, base level, daily amplitude, noise std, peak hour. */
    private record Sensor(String name, double base, double amplitude, double noise, double peakHour) {
    }

    private static final Sensor[] SENSORS = {
        new Sensor("boiler-temp", 68, 6, 0.35, 15),
        new Sensor("pump-pressure", 4.2, 0.5, 0.04, 9),
        new Sensor("fan-rpm", 1450, 120, 12, 13),
        new Sensor("line-voltage", 231, 3, 0.4, 19),
        new Sensor("flow-rate", 18, 4, 0.3, 11),
        new Sensor("room-humidity", 45, 7, 0.6, 5),
    };

    private SensorFeedGenerator() {
    }

    public static int maxKeys() {
        return SENSORS.length;
    }

    /**
     * @param keys            how many sensors (1 to 6)
     * @param days            length of the feed
     * @param anomalyFromDay  anomalies are injected only from this day on (the days before are clean history)
     */
    public static LabelledFeed generate(int keys, int days, int anomalyFromDay, long seed) {
        if (keys < 1 || keys > SENSORS.length) {
            throw new IllegalArgumentException("keys must be in [1, " + SENSORS.length + "], got " + keys);
        }
        if (days < 1 || anomalyFromDay < 0 || anomalyFromDay >= days) {
            throw new IllegalArgumentException("need days >= 1 and 0 <= anomalyFromDay < days, got " + days + " and "
                    + anomalyFromDay);
        }
        int n = days * PER_DAY;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] values = new double[keys][n];
        List<LabelledFeed.Anomaly> anomalies = new ArrayList<>();
        String[] kinds = {"spike", "level-shift", "flatline"};
        for (int k = 0; k < keys; k++) {
            Sensor s = SENSORS[k];
            double ar = 0;
            for (int t = 0; t < n; t++) {
                ar = AR_PHI * ar + s.noise * Math.sqrt(1 - AR_PHI * AR_PHI) * gaussian(rnd);
                values[k][t] = cycle(k, t) + ar;
            }
            // One anomaly per key per anomalous day, of a kind that rotates across keys.
            for (int day = anomalyFromDay; day < days; day++) {
                String kind = kinds[(k + day) % kinds.length];
                int at = day * PER_DAY + 24 + rnd.nextInt(PER_DAY - 72);
                int len = inject(kind, values[k], at, s, rnd);
                anomalies.add(new LabelledFeed.Anomaly(s.name, kind, START + at * STEP_MS,
                        START + (at + len - 1) * STEP_MS));
            }
        }
        List<LabelledFeed.Event> events = new ArrayList<>(keys * n);
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < keys; k++) {
                // A little jitter on the clock: real sensors are not exactly periodic.
                long jitter = (long) (rnd.nextDouble() * 2000);
                double v = Math.round(values[k][t] * 1000) / 1000.0;
                events.add(new LabelledFeed.Event(SENSORS[k].name, START + t * STEP_MS + jitter, v));
            }
        }
        return new LabelledFeed(events, anomalies);
    }

    /** Sensor k's daily cycle at step t: its value without noise or anomalies. */
    static double cycle(int k, int t) {
        Sensor s = SENSORS[k];
        double hour = (t % PER_DAY) / 12.0;
        return s.base + s.amplitude * Math.cos(2 * Math.PI * (hour - s.peakHour) / 24);
    }

    /** Writes the anomaly into the series and returns how many steps it spans. */
    private static int inject(String kind, double[] v, int at, Sensor s, SplittableRandom rnd) {
        double sign = rnd.nextBoolean() ? 1 : -1;
        switch (kind) {
            case "spike" -> {
                v[at] += sign * (10 * s.noise + 0.5 * s.amplitude);
                return 1;
            }
            case "level-shift" -> {
                int len = 24 + rnd.nextInt(24);
                double shift = sign * (8 * s.noise + 0.3 * s.amplitude);
                for (int t = at; t < Math.min(v.length, at + len); t++) {
                    v[t] += shift;
                }
                return Math.min(len, v.length - at);
            }
            case "flatline" -> {
                int len = 36;
                double stuck = v[at];
                for (int t = at; t < Math.min(v.length, at + len); t++) {
                    v[t] = stuck;
                }
                return Math.min(len, v.length - at);
            }
            default -> throw new IllegalArgumentException("unknown anomaly kind " + kind);
        }
    }

    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
