package io.streamcast.eval.nab;

/** A label window as rows of one file: {@code first} to {@code last}, both inclusive, 0-based. */
public record NabWindow(int first, int last) {
    public NabWindow {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("window rows must satisfy 0 <= first <= last, got "
                    + first + ".." + last);
        }
    }

    public int width() {
        return last - first + 1;
    }
}
