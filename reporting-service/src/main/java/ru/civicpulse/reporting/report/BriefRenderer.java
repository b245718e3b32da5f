package ru.civicpulse.reporting.report;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The live-broadcast brief as one XHTML page from the checked template
 * {@code templates/brief/document.html} (styles from {@code report/base.css} and
 * {@code report/brief.css}, inline so the page stands alone), and the PDF typeset from that same
 * page like the weekly report's.
 */
public final class BriefRenderer {
    private static final String CSS = DocumentStyles.of("brief.css");

    private BriefRenderer() {
    }

    @CheckedTemplate(basePath = "brief")
    static class Templates {
        static native TemplateInstance document(BriefContent brief, String css);
    }

    public static String html(BriefContent content) {
        return Templates.document(content, CSS).render();
    }

    /** The brief's documents: HTML and the PDF made from it. */
    public static Map<ReportDocument, byte[]> render(BriefContent content) {
        String html = html(content);
        Map<ReportDocument, byte[]> documents = new EnumMap<>(ReportDocument.class);
        documents.put(ReportDocument.HTML, html.getBytes(StandardCharsets.UTF_8));
        documents.put(ReportDocument.PDF, ReportPdfRenderer.render(html));
        return documents;
    }
}
