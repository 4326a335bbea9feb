package io.streamcast.training;

import io.streamcast.model.TrainingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of every window offered so far (reservoir sampling), of bounded size. Seeded, so the same
 * sequence of windows gives the same sample. Used for the canary set and for replay: the feeds are cyclic
 * (days, weeks), and a model trained or judged only on the last few hours forgets or overrates the rest.
 */
final class WindowReservoir {
    private final int capacity;
    private final List<TrainingWindow> windows = new ArrayList<>();
    private final SplittableRandom random;
    private long offered;

    public WindowReservoir(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
    }

    public void offer(TrainingWindow w) {
        offered++;
        if (windows.size() < capacity) {
            windows.add(w);
        } else {
            long i = random.nextLong(offered);
            if (i < capacity) {
                windows.set((int) i, w);
            }
        }
    }

    /** A random window from the sample, or null while it is empty. */
    public TrainingWindow pick() {
        return windows.isEmpty() ? null : windows.get(random.nextInt(windows.size()));
    }

    public List<TrainingWindow> all() {
        return windows;
    }

    boolean isEmpty() {
        return windows.isEmpty();
    }

    public int size() {
        return windows.size();
    }
}
