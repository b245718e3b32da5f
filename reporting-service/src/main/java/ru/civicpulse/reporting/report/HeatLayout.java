package ru.civicpulse.reporting.report;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Column widths and headers of the district × topic table, chosen so that no word of a label is
 * broken: each topic column is at least as wide as the longest word of its label at the header's
 * font size (measured with the bundled DejaVu Sans the PDF is set in), the header size steps down
 * from 7 pt to 5.5 pt until the table fits the A4 text width, and when even that does not fit, the
 * columns are numbered and a legend under the table names them. Labels wrap between words only.
 *
 * @param headerSize  font size of the topic headers, pt
 * @param widths      content width of each column, pt: the district column first, then one per topic
 * @param headers     the topic column headers: the labels, or "1", "2", ... when {@link #numbered}
 */
record HeatLayout(double headerSize, List<Double> widths, List<String> headers, boolean numbered) {
    /** A4 width less the 12 mm page margins, pt. */
    static final double TEXT_WIDTH = (210 - 2 * 12) / 25.4 * 72;
    /** Font size of the table's body cells, pt. */
    static final double BODY_SIZE = 7.5;
    /** Horizontal padding (2 pt each side) and border of a cell, pt. */
    static final double CELL_EXTRA = 2 * 2 + 0.75;
    static final double[] HEADER_SIZES = {7, 6.5, 6, 5.5};
    /** Kept free against rounding in the layout engine, pt. */
    private static final double SLACK = 6;

    private static final Font REGULAR = ReportCharts.loadFont("DejaVuSans.ttf");
    private static final Font BOLD = ReportCharts.loadFont("DejaVuSans-Bold.ttf");
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    static HeatLayout of(ReportContent.Heat heat) {
        long max = heat.max();
        double number = width(REGULAR, BODY_SIZE, Long.toString(Math.max(max, 1000)));
        double district = Math.max(longestWord(BOLD, BODY_SIZE, "Район"), heat.districtLabels().stream()
                .mapToDouble(d -> longestWord(REGULAR, BODY_SIZE, d)).max().orElse(0));
        int n = heat.groupLabels().size();
        for (double size : HEADER_SIZES) {
            List<Double> widths = new ArrayList<>(List.of(district));
            for (String label : heat.groupLabels()) {
                widths.add(Math.max(number, longestWord(BOLD, size, label)));
            }
            double spare = TEXT_WIDTH - SLACK - widths.stream().mapToDouble(w -> w + CELL_EXTRA).sum();
            if (spare >= 0) {
                for (int i = 1; i <= n; i++) {
                    widths.set(i, widths.get(i) + spare / n);
                }
                return new HeatLayout(size, widths, heat.groupLabels(), false);
            }
        }
        List<String> numbers = new ArrayList<>();
        List<Double> widths = new ArrayList<>(List.of(district));
        double each = (TEXT_WIDTH - SLACK - district - CELL_EXTRA) / n - CELL_EXTRA;
        for (int i = 1; i <= n; i++) {
            numbers.add(Integer.toString(i));
            widths.add(each);
        }
        return new HeatLayout(HEADER_SIZES[0], widths, numbers, true);
    }

    /** Width of the widest word (text between spaces) of {@code text}, pt. */
    static double longestWord(Font font, double size, String text) {
        double max = 0;
        for (String word : text.split("\\s+")) {
            max = Math.max(max, width(font, size, word));
        }
        return max;
    }

    private static double width(Font font, double size, String text) {
        return font.deriveFont((float) size).getStringBounds(text, FRC).getWidth();
    }
}
