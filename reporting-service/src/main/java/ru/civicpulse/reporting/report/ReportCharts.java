package ru.civicpulse.reporting.report;

import ru.civicpulse.reporting.analytics.TopicsResult;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

/**
 * Charts drawn on the server with Java2D into PNG (headless AWT, bundled DejaVu font so Cyrillic
 * labels never depend on the host's fonts). Drawn at twice the displayed size for sharp print.
 */
public final class ReportCharts {
    static final int SCALE = 2;
    public static final int WIDTH = 720;
    static final Color[] PALETTE = {
            new Color(0x1f5fa8), new Color(0xd9622b), new Color(0x2e9e5b), new Color(0x8c4bb3),
            new Color(0xc7a21c), new Color(0x3aa6b9), new Color(0xb33b5e), new Color(0x666666)};
    private static final Color GRID = new Color(0xdddddd);
    private static final Color TEXT = new Color(0x222222);
    private static final Font BASE = loadFont("DejaVuSans.ttf");

    private ReportCharts() {
    }

    /** A PNG chart and its displayed size in CSS pixels. */
    public record Chart(byte[] png, int width, int height) {
    }

    /** Horizontal bars: messages per topic group, biggest first. */
    public static Chart topicBars(List<TopicsResult.GroupCount> groups, int limit) {
        List<TopicsResult.GroupCount> rows = groups.stream().filter(r -> r.count() > 0).limit(limit).toList();
        int rowHeight = 26;
        int height = Math.max(60, 20 + rows.size() * rowHeight + 10);
        return draw(WIDTH, height, g -> {
            g.setFont(BASE.deriveFont(12f));
            FontMetrics fm = g.getFontMetrics();
            int labelWidth = 260;
            int barLeft = labelWidth + 10;
            int barMax = WIDTH - barLeft - 60;
            long max = rows.stream().mapToLong(TopicsResult.GroupCount::count).max().orElse(0);
            int y = 20;
            for (TopicsResult.GroupCount row : rows) {
                g.setColor(TEXT);
                g.drawString(fit(row.label(), fm, labelWidth), 0, y + 13);
                int length = max == 0 ? 0 : (int) Math.round((double) barMax * row.count() / max);
                g.setColor(PALETTE[0]);
                g.fillRect(barLeft, y, Math.max(length, 1), rowHeight - 8);
                g.setColor(TEXT);
                g.drawString(Long.toString(row.count()), barLeft + length + 6, y + 13);
                y += rowHeight;
            }
            if (rows.isEmpty()) {
                g.setColor(TEXT);
                g.drawString("Нет сообщений за период", 0, 30);
            }
        });
    }

    /** One line of a trend chart: a label and a value per day. */
    public record Line(String label, List<Long> values) {
    }

    /** Daily lines, one per series, with a legend under the plot. */
    public static Chart trendLines(List<LocalDate> days, List<Line> lines) {
        int legendRows = (lines.size() + 2) / 3;
        int plotTop = 15;
        int plotHeight = 220;
        int height = plotTop + plotHeight + 40 + legendRows * 20;
        return draw(WIDTH, height, g -> {
            g.setFont(BASE.deriveFont(11f));
            FontMetrics fm = g.getFontMetrics();
            int left = 45;
            int right = WIDTH - 25;
            int bottom = plotTop + plotHeight;
            long max = lines.stream().flatMap(s -> s.values().stream()).mapToLong(Long::longValue).max().orElse(0);
            long top = niceCeiling(max);
            for (int i = 0; i <= 4; i++) {
                int y = bottom - i * plotHeight / 4;
                g.setColor(GRID);
                g.drawLine(left, y, right, y);
                g.setColor(TEXT);
                String label = Long.toString(top * i / 4);
                g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
            }
            int n = days.size();
            double step = n <= 1 ? 0 : (double) (right - left) / (n - 1);
            int labelEvery = Math.max(1, (int) Math.ceil(n / 12.0));
            for (int i = 0; i < n; i += labelEvery) {
                String label = ReportFormat.shortDay(days.get(i));
                int x = (int) (left + i * step);
                int lx = Math.min(x - fm.stringWidth(label) / 2, WIDTH - fm.stringWidth(label) - 2);
                g.drawString(label, lx, bottom + 16);
            }
            g.setStroke(new BasicStroke(2f));
            for (int s = 0; s < lines.size(); s++) {
                Line series = lines.get(s);
                g.setColor(PALETTE[s % PALETTE.length]);
                Path2D path = new Path2D.Double();
                for (int i = 0; i < series.values().size(); i++) {
                    double x = n <= 1 ? (left + right) / 2.0 : left + i * step;
                    double y = bottom - (top == 0 ? 0 : (double) plotHeight * series.values().get(i) / top);
                    if (i == 0) {
                        path.moveTo(x, y);
                    } else {
                        path.lineTo(x, y);
                    }
                    g.fillOval((int) x - 3, (int) y - 3, 6, 6);
                }
                g.draw(path);
                int lx = (s % 3) * (WIDTH / 3);
                int ly = bottom + 36 + (s / 3) * 20;
                g.fillRect(lx, ly - 9, 14, 10);
                g.setColor(TEXT);
                g.drawString(fit(series.label(), fm, WIDTH / 3 - 24), lx + 18, ly);
            }
        });
    }

    private interface Painter {
        void paint(Graphics2D g);
    }

    private static Chart draw(int width, int height, Painter painter) {
        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            painter.paint(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Chart(out.toByteArray(), width, height);
    }

    private static long niceCeiling(long max) {
        if (max <= 4) {
            return 4;
        }
        long magnitude = (long) Math.pow(10, Math.floor(Math.log10(max)));
        for (long m : new long[]{1, 2, 4, 5, 10}) {
            if (m * magnitude >= max && (m * magnitude) % 4 == 0) {
                return m * magnitude;
            }
        }
        return ((max + 3) / 4) * 4;
    }

    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && fm.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    /** A bundled report font ({@code /report/fonts/<file>}) for Java2D drawing and text measurement. */
    static Font loadFont(String file) {
        // Servers have no display; must be set before AWT initialises.
        System.setProperty("java.awt.headless", "true");
        try (InputStream in = ReportCharts.class.getResourceAsStream("/report/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Bundled report font is missing: " + file);
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
