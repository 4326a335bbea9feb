package io.streamcast.eval.nab;

import java.util.List;

/**
 * A detector's NAB score over a corpus for one profile at one threshold. Windows count once each (the
 * earliest detection in a window is its true positive; later ones in it are free); false positives count
 * per detection, as each one costs score. Windows that lie wholly in a file's probation period are not
 * scored, so they are neither detected nor missed.
 *
 * @param threshold       a row is a detection when its anomaly score is {@code >=} this; +∞ never fires
 * @param normalised      {@code 100 * (raw - nullScore) / (perfect - nullScore)}: 0 for a detector that never
 *                        fires, 100 for one that fires exactly at each window's start; NaN without windows
 * @param raw             the corpus' raw NAB score: the sum of {@link FileScore#raw()}
 * @param nullScore       the raw score of never firing: {@code -fnWeight} per scored window
 * @param perfect         {@code tpWeight} per window, as NAB's normalisation counts it
 * @param windowsDetected scored windows with a detection (true positives)
 * @param windowsMissed   scored windows without one (false negatives)
 * @param falsePositives  detections after probation outside every window
 * @param files           each file's part, in corpus order
 */
public record NabScore(NabProfile profile, double threshold, double normalised, double raw, double nullScore,
                       double perfect, int windowsDetected, int windowsMissed, int falsePositives,
                       List<FileScore> files) {
    public NabScore {
        files = List.copyOf(files);
    }

    /** Detected windows over detected windows plus false-positive detections; NaN when nothing fired. */
    public double precision() {
        int d = windowsDetected + falsePositives;
        return d == 0 ? Double.NaN : (double) windowsDetected / d;
    }

    /** Detected windows over scored windows; NaN when no window is scored. */
    public double recall() {
        int w = windowsDetected + windowsMissed;
        return w == 0 ? Double.NaN : (double) windowsDetected / w;
    }

    /** One file's raw NAB score and counts at the corpus threshold. */
    public record FileScore(String key, double raw, int windowsDetected, int windowsMissed, int falsePositives) {
    }
}
