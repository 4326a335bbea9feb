package io.streamcast.report;

import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.NabOutputs;
import io.streamcast.eval.nab.NabProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Carries the NAB sweep's best threshold into a spec as the live alert trigger, keeping the file's comments. */
public final class ThresholdWriter {
    private static final Pattern TRIGGER = Pattern.compile("(?m)^(\\s+triggerLikelihood:\\s*)([^#\\s]+)");

    private ThresholdWriter() {
    }

    /** The live trigger likelihood that the NAB sweep (standard profile) found best; NaN when it was never alerting. */
    public static double best(BacktestReport r) {
        if (r.nab() == null || !r.nab().profiles().containsKey(NabProfile.STANDARD.name())) {
            throw new IllegalArgumentException("no NAB score to take a threshold from: run with --labels");
        }
        double t = r.nab().profiles().get(NabProfile.STANDARD.name()).threshold();
        if (!Double.isFinite(t)) {
            return Double.NaN;
        }
        // A valid trigger lies in [recoveryLikelihood, 1); rounding must not push it out.
        double floor = r.spec() == null ? 0 : r.spec().anomalyConfig().recoveryLikelihood();
        return Math.max(floor, Math.min(NabOutputs.likelihoodOf(t), Math.nextDown(1.0)));
    }

    public static String snippet(BacktestReport r) {
        double t = best(r);
        if (Double.isNaN(t)) {
            return "the NAB sweep found no trigger that beats never alerting on a surprise";
        }
        return String.format(Locale.ROOT, "best alert threshold (NAB standard profile): put it in a spec as%n"
                + "anomaly:%n  triggerLikelihood: %s%n(or rerun with --write-threshold <spec>)", t);
    }

    /** Rewrites the spec's anomaly.triggerLikelihood line, or says how to add one when there is none. */
    public static String write(Path spec, BacktestReport r) throws IOException {
        double t = best(r);
        if (Double.isNaN(t)) {
            return "the sweep found no threshold that beats never alerting; " + spec + " is unchanged";
        }
        String text = Files.readString(spec);
        Matcher m = TRIGGER.matcher(text);
        if (!m.find()) {
            return spec + " has no anomaly.triggerLikelihood line to replace; add:\n" + snippet(r);
        }
        String old = m.group(2);
        Files.writeString(spec, m.replaceFirst(Matcher.quoteReplacement(m.group(1) + t)));
        return "wrote anomaly.triggerLikelihood: " + t + " (was " + old + ") into " + spec;
    }
}
