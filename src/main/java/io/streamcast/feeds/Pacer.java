package io.streamcast.feeds;

/** Sends at a steady rate: event i goes at start + i / rate, whatever the time the sends themselves take. */
public final class Pacer {
    private final long start = System.nanoTime();
    private final double rate;

    /** @param rate events per second; 0 or less sends as fast as possible */
    public Pacer(double rate) {
        this.rate = rate;
    }

    /** Waits until event {@code i}'s moment. */
    public void await(long i) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
