package ru.civicpulse.ingestion.imports;

import java.util.List;

/** Receives a table's rows one at a time, with the line (CSV) or row (XLSX) number a person would look up. */
@FunctionalInterface
public interface RowSink {
    void row(long line, List<String> cells);
}
