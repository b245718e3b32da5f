package ru.civicpulse.reporting.readmodel;

import java.time.Instant;
import java.util.Comparator;

/**
 * Which classification of a message is the newest: higher message revision first, then the later
 * model version (compared naturally, so {@code v10} is after {@code v9}), then the later
 * {@code classifiedAt}. The read model keeps only the newest.
 */
public record Freshness(int revision, String modelVersion, Instant classifiedAt) implements Comparable<Freshness> {

    private static final Comparator<Freshness> ORDER = Comparator.comparingInt(Freshness::revision)
            .thenComparing(Freshness::modelVersion, Freshness::compareVersions)
            .thenComparing(Freshness::classifiedAt, Comparator.nullsFirst(Comparator.naturalOrder()));

    @Override
    public int compareTo(Freshness other) {
        return ORDER.compare(this, other);
    }

    public boolean isNewerThan(Freshness other) {
        return compareTo(other) > 0;
    }

    /** Natural order: digit runs compare as numbers, everything else as text. */
    static int compareVersions(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            char cx = x.charAt(i);
            char cy = y.charAt(j);
            if (Character.isDigit(cx) && Character.isDigit(cy)) {
                int ei = i;
                while (ei < x.length() && Character.isDigit(x.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < y.length() && Character.isDigit(y.charAt(ej))) {
                    ej++;
                }
                String nx = x.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String ny = y.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = nx.length() != ny.length() ? Integer.compare(nx.length(), ny.length()) : nx.compareTo(ny);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (cx != cy) {
                    return Character.compare(cx, cy);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
