package ru.civicpulse.ingestion.imports;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the first sheet of an XLSX file with POI's event API (SAX over the sheet XML), so rows
 * stream through without the workbook ever being held in memory. Date cells come out as ISO
 * local date-times, whatever their display format.
 */
public final class XlsxReader {
    private XlsxReader() {
    }

    public static void read(Path file, RowSink sink) throws IOException {
        read(file, sink, CsvReader.UNLIMITED, CsvReader.UNLIMITED);
    }

    /** As {@link CsvReader}: at most {@code maxCell + 1} characters of a cell and {@code maxColumns + 1} cells reach the sink. */
    public static void read(Path file, RowSink sink, int maxCell, int maxColumns) throws IOException {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                return;
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new Rows(sink, maxCell, maxColumns),
                        new IsoDates(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (SinkFailure e) {
            throw e.getCause(); // what the rows' consumer threw (a problem answer, a storage failure) goes on unchanged
        } catch (Exception e) {
            // POI's checked and unchecked format errors, SAX errors, odd cell references: the file is not usable
            throw new UnreadableFileException("Not a readable XLSX file.", e);
        }
    }

    /** Carries an exception of the row consumer through POI and the SAX parser, so it is not taken for a format error. */
    private static final class SinkFailure extends RuntimeException {
        SinkFailure(RuntimeException cause) {
            super(null, cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final RowSink sink;
        private final int maxCell;
        private final int maxColumns;
        private final List<String> cells = new ArrayList<>();

        Rows(RowSink sink, int maxCell, int maxColumns) {
            this.sink = sink;
            this.maxCell = maxCell;
            this.maxColumns = maxColumns;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (cells.stream().anyMatch(c -> c != null && !c.isBlank())) {
                List<String> row = new ArrayList<>(cells.size());
                cells.forEach(c -> row.add(c == null ? "" : c));
                try {
                    sink.row(rowNum + 1L, row);
                } catch (RuntimeException e) {
                    throw new SinkFailure(e);
                }
            }
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            int column = Math.min(reference == null ? cells.size() : new CellReference(reference).getCol(), maxColumns);
            while (cells.size() <= column) {
                cells.add(null);
            }
            String value = formattedValue == null || formattedValue.length() <= maxCell ? formattedValue
                    : formattedValue.substring(0, maxCell + 1);
            cells.set(column, value);
        }
    }

    /** Formats date cells as ISO-8601 local date-times; everything else as Excel would show it. */
    private static final class IsoDates extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value, use1904Windowing).toString();
            }
            return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
        }
    }
}
