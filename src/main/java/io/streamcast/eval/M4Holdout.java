package io.streamcast.eval;

import io.streamcast.data.M4Csv;
import io.streamcast.baseline.HorizonBaseline;
import java.util.Arrays;
import java.util.List;

/**
 * M4's scoring on a split made from training data alone: the last h values of each series are held out
 * and forecast from the rest. sMAPE and MASE are means over every series and step (each series has h
 * steps, so also the mean of the series' means); the MASE scale comes from the shortened in-sample part.
 */
public final class M4Holdout {
    public record Score(String method, double smape, double mase, int series) {
        /** This method's OWA against Naive2's score on the same split. */
        public double owa(Score naive2) {
            return Accuracy.owa(smape, mase, naive2.smape(), naive2.mase());
        }
    }

    private M4Holdout() {
    }

    public static Score evaluate(List<M4Csv.Series> data, HorizonBaseline method, int h, int m) {
        double smape = 0;
        double mase = 0;
        for (M4Csv.Series s : data) {
            int n = s.values().length - h;
            if (n <= m) {
                throw new IllegalArgumentException(s.id() + ": " + s.values().length + " values leave no more than m="
                        + m + " in-sample after holding out " + h);
            }
            double[] train = Arrays.copyOf(s.values(), n);
            double[] test = Arrays.copyOfRange(s.values(), n, n + h);
            double[] f = method.horizon(train, h);
            smape += Accuracy.smape(test, f);
            mase += Accuracy.mase(test, f, train, m);
        }
        return new Score(method.name(), smape / data.size(), mase / data.size(), data.size());
    }
}
