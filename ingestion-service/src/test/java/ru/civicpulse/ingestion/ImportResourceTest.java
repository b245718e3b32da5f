package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.TestDatabase;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static ru.civicpulse.ingestion.Api.asAnalyst;

@QuarkusTest
class ImportResourceTest {
    private static final String IM_HEADER = "Номер инцидента;Дата создания;Группа тем;Тема;Муниципалитет;Текст инцидента;Исполнитель";

    @TempDir
    Path dir;

    private static io.restassured.specification.RequestSpecification asAdmin() {
        return RestAssured.given().auth().oauth2(Tokens.regionAdmin());
    }

    @Test
    void aHundredThousandRowIncidentExportIsStreamedInWithBadRowsListed() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path csv = dir.resolve("incidents.csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write('\uFEFF');
            out.write(IM_HEADER + "\r\n");
            for (int i = 1; i <= 100_000; i++) {
                String number = "IM-" + run + "-" + i;
                String date = i == 500 ? "вчера" : "%02d.03.2026 %02d:%02d".formatted(1 + i % 28, i % 24, i % 60);
                String municipality = i == 700 ? "Атлантида" : (i % 10 == 0 ? "городской округ город Нововоронеж" : "Воронеж");
                String text = i == 900 ? "" : "\"Обращение №" + i + ": не горит фонарь у дома " + (i % 200)
                        + ", «двор», \"\"тёмный\"\";\nпросим починить\"";
                out.write(String.join(";", number, date, "Благоустройство", "Освещение", municipality, text, "МКУ «Городское освещение»"));
                out.write("\r\n");
            }
        }

        asAdmin().multiPart("file", csv.toFile(), "text/csv")
                .when().post("/api/v1/imports")
                .then().statusCode(200)
                .body("layout", equalTo("incident-management"))
                .body("source", equalTo("INCIDENT_IMPORT"))
                .body("rowsRead", equalTo(100_000))
                .body("accepted", equalTo(99_997))
                .body("duplicates", equalTo(0))
                .body("rejected", equalTo(3))
                .body("rejections", hasSize(3))
                // header is line 1 and every record before these spans two lines (the text holds a line break)
                .body("rejections[0].line", equalTo(2 + 499 * 2))
                .body("rejections[0].reason", containsString("вчера"))
                .body("rejections[1].reason", containsString("Атлантида"))
                .body("rejections[2].reason", equalTo("no text"));

        UUID tenth = MessageIds.of(Source.INCIDENT_IMPORT, "IM-" + run + "-10");
        asAnalyst().get("/api/v1/messages/" + tenth).then().statusCode(200)
                .body("municipality", equalTo("novovoronezh"))
                .body("kind", equalTo("APPEAL"))
                .body("text", equalTo("Обращение №10: не горит фонарь у дома 10, «двор», \"тёмный\";\nпросим починить"))
                .body("publishedAt", equalTo("2026-03-11T07:10:00Z"));

        // every accepted row reaches the broker: the outbox drains (and the tests after this one do not wait behind it)
        long published = System.nanoTime();
        TestDatabase.awaitOutboxDrained(Duration.ofMinutes(5));
        System.out.printf("import: the outbox drained %.1f s after the import answered%n", (System.nanoTime() - published) / 1e9);
    }

    @Test
    void posXlsxExportIsImportedAndReimportingItAcceptsNothingNew() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path xlsx = dir.resolve("pos.xlsx");
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(xlsx)) {
            Sheet sheet = workbook.createSheet("Сообщения");
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd.mm.yyyy hh:mm"));
            String[] header = {"Номер сообщения", "Дата создания", "Категория", "Подкатегория", "Муниципальное образование",
                    "Текст сообщения", "Адрес"};
            Row head = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                head.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= 50; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue(run + i);
                var date = row.createCell(1);
                date.setCellValue(LocalDateTime.of(2026, 4, 1 + i % 28, 9, 30));
                date.setCellStyle(dateStyle);
                row.createCell(2).setCellValue("Дороги");
                row.createCell(3).setCellValue("Ямы");
                row.createCell(4).setCellValue("Воронеж");
                row.createCell(5).setCellValue("Яма на дороге у дома " + i + ", пишите petrov" + i + "@yandex.ru");
                row.createCell(6).setCellValue("ул. Кольцовская, " + i);
            }
            workbook.write(out);
        }

        asAdmin().multiPart("file", xlsx.toFile(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .when().post("/api/v1/imports")
                .then().statusCode(200)
                .body("layout", equalTo("pos"))
                .body("source", equalTo("POS"))
                .body("rowsRead", equalTo(50))
                .body("accepted", equalTo(50))
                .body("rejected", equalTo(0));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.POS, run + "7")).then().statusCode(200)
                .body("publishedAt", equalTo("2026-04-08T06:30:00Z"))
                .body("address", equalTo("ул. Кольцовская, 7"))
                .body("text", equalTo("Яма на дороге у дома 7, пишите [e-mail скрыт]"));

        RestAssured.given().auth().oauth2(Tokens.regionAnalyst())
                .multiPart("file", xlsx.toFile(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .when().post("/api/v1/imports")
                .then().statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(50));
    }

    @Test
    void anyTableImportsWithNamedColumnsAndAMunicipality() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path csv = dir.resolve("generic.csv");
        Files.writeString(csv, """
                id,created,body
                %s-1,2026-05-01 10:00,"Не работает лифт, подъезд 2"
                %s-2,2026-05-02 11:00,Шумят ночью соседи
                """.formatted(run, run));
        asAdmin().multiPart("file", csv.toFile(), "text/csv")
                .queryParam("idColumn", "id").queryParam("textColumn", "body").queryParam("dateColumn", "created")
                .queryParam("municipality", "novovoronezh").queryParam("source", "POS")
                .when().post("/api/v1/imports")
                .then().statusCode(200)
                .body("layout", equalTo("generic"))
                .body("accepted", equalTo(2));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.POS, run + "-1")).then().statusCode(200)
                .body("text", equalTo("Не работает лифт, подъезд 2"))
                .body("municipality", equalTo("novovoronezh"));
    }

    @Test
    void unknownLayoutMissingFileAndUnknownMunicipalityAreRefused() throws IOException {
        Path csv = dir.resolve("unknown.csv");
        Files.writeString(csv, "a;b;c\n1;2;3\n");
        asAdmin().multiPart("file", csv.toFile(), "text/csv").when().post("/api/v1/imports")
                .then().statusCode(422).contentType("application/problem+json");
        asAdmin().multiPart("file", csv.toFile(), "text/csv").queryParam("municipality", "atlantis")
                .when().post("/api/v1/imports")
                .then().statusCode(422).contentType("application/problem+json");
        asAdmin().multiPart("other", "x").when().post("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json");
        Path broken = dir.resolve("broken.xlsx");
        Files.write(broken, new byte[]{'P', 'K', 3, 4, 0, 0, 0});
        asAdmin().multiPart("file", broken.toFile(), "application/octet-stream").when().post("/api/v1/imports")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
