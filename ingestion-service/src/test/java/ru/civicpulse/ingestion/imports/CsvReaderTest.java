package ru.civicpulse.ingestion.imports;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReaderTest {

    private static List<String> read(String csv) throws IOException {
        List<String> rows = new ArrayList<>();
        CsvReader.read(new StringReader(csv), (line, cells) -> rows.add(line + ":" + cells));
        return rows;
    }

    @Test
    void readsQuotedFieldsWithSeparatorsQuotesAndLineBreaks() throws IOException {
        assertThat(read("\uFEFFa;b;c\r\n1;\"x;y\";\"he said \"\"hi\"\"\"\r\n2;\"two\nlines\";\r\n\r\n3;;z"))
                .containsExactly("1:[a, b, c]", "2:[1, x;y, he said \"hi\"]", "3:[2, two\nlines, ]", "6:[3, , z]");
    }

    @Test
    void takesTheSeparatorFromTheHeader() throws IOException {
        assertThat(read("a,b\n\"1;2\",3\n")).containsExactly("1:[a, b]", "2:[1;2, 3]");
        assertThat(read("a\tb\n1,5\t3\n")).containsExactly("1:[a, b]", "2:[1,5, 3]");
    }
}
