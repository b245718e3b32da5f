package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvDatasetTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
        String csv = "id,text,category,reason\r\n"
                + "1,\"Яма, большая\",Дороги,Ямы\r\n"
                + "2,\"Он сказал \"\"починим\"\"\nи пропал\",ЖКХ,\r\n";
        List<LabelledText> rows = CsvDataset.read(new StringReader(csv), "text", "category", "reason");
        assertThat(rows).containsExactly(
                new LabelledText("Яма, большая", "Дороги", "Ямы"),
                new LabelledText("Он сказал \"починим\"\nи пропал", "ЖКХ", null));
    }

    @Test
    void namesTheMissingColumnAndTheColumnsThatExist() {
        assertThatThrownBy(() -> CsvDataset.read(new StringReader("text,label\nа,б\n"), "text", "category", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'category' not found; columns are: text, label");
    }

    @Test
    void emptyInputIsReported() {
        assertThatThrownBy(() -> CsvDataset.read(new StringReader(""), "text", "category", null))
                .hasMessage("file is empty");
        assertThatThrownBy(() -> CsvDataset.read(new StringReader("text,category\n"), "text", "category", null))
                .hasMessage("file has a header but no rows");
    }

    @Test
    void shortRowsAndEmptyLabelsAreReportedWithTheirLine() {
        assertThatThrownBy(() -> CsvDataset.read(new StringReader("text,category\nа,б\nтолько текст\n"), "text", "category", null))
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> CsvDataset.read(new StringReader("text,category\nа,\n"), "text", "category", null))
                .hasMessageContaining("empty label");
    }
}
