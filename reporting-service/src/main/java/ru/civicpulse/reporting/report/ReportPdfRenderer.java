package ru.civicpulse.reporting.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The PDF is typeset from the HTML report, so both show the same page. DejaVu Sans is bundled
 * and embedded (the standard PDF fonts have no Cyrillic).
 */
public final class ReportPdfRenderer {
    static final String FONT_FAMILY = "DejaVu Sans";

    private ReportPdfRenderer() {
    }

    public static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> font("DejaVuSans.ttf"), FONT_FAMILY, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(() -> font("DejaVuSans-Bold.ttf"), FONT_FAMILY, 700, BaseRendererBuilder.FontStyle.NORMAL, true);
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static InputStream font(String file) {
        InputStream in = ReportPdfRenderer.class.getResourceAsStream("/report/fonts/" + file);
        if (in == null) {
            throw new IllegalStateException("Bundled report font is missing: " + file);
        }
        return in;
    }
}
