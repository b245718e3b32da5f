package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.testsupport.Tokens;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static ru.civicpulse.ingestion.Api.asAnalyst;

/**
 * Import answers stay small whatever the file: rejection reasons quote at most a few dozen
 * characters of a cell and at most 100 rejections are listed; impossible dates are rejected, not
 * moved; an unreadable file is a 400 that names no temporary file.
 */
@QuarkusTest
class ImportLimitsTest {
    private static final String HEADER = "Номер инцидента;Дата создания;Муниципалитет;Текст инцидента";

    @TempDir
    Path dir;

    private static Response upload(Path file) {
        return RestAssured.given().auth().oauth2(Tokens.regionAdmin()).multiPart("file", file.toFile())
                .when().post("/api/v1/imports");
    }

    @Test
    void rejectionsOfACsvWithHugeCellsAreBoundedAndQuoteLittle() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path csv = dir.resolve("huge-dates.csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            String date = "в".repeat(5_000);
            for (int i = 0; i < 2_000; i++) {
                out.write("H-" + run + "-" + i + ";" + date + ";Воронеж;Не горит фонарь\n");
            }
        }
        Response r = upload(csv);
        r.then().statusCode(200).body("rejected", equalTo(2000)).body("rejections.size()", equalTo(100));
        System.out.printf("CSV of %d bytes with 2,000 rejected rows: answer of %d bytes%n", Files.size(csv), r.asByteArray().length);
        assertThat(r.asByteArray().length).isLessThan(32 * 1024);
        List<String> reasons = r.jsonPath().getList("rejections.reason");
        assertThat(reasons).allSatisfy(reason -> assertThat(reason.length()).isLessThan(120));
    }

    @Test
    void anXlsxRepeatingOneHugeSharedStringGetsASmallAnswer() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path xlsx = dir.resolve("shared.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
            Sheet sheet = workbook.createSheet("Инциденты");
            String[] header = HEADER.split(";");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            String date = "дата".repeat(7_000); // one shared string, referenced by every row
            for (int i = 1; i <= 3_000; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue("X-" + run + "-" + i);
                row.createCell(1).setCellValue(date);
                row.createCell(2).setCellValue("Воронеж");
                row.createCell(3).setCellValue("Яма на дороге");
            }
            workbook.write(out);
        }
        Response r = upload(xlsx);
        r.then().statusCode(200).body("rejected", equalTo(3000)).body("rejections.size()", equalTo(100));
        System.out.printf("XLSX of %d bytes with 3,000 rejected rows: answer of %d bytes%n", Files.size(xlsx), r.asByteArray().length);
        assertThat(r.asByteArray().length).isLessThan(32 * 1024);
    }

    @Test
    void impossibleDatesAreRejectedAndNulAndLongCellsHandled() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path csv = dir.resolve("dates.csv");
        Files.writeString(csv, HEADER + "\n"
                + "D-" + run + "-1;30.02.2026 10:00;Воронеж;Протечка\n"
                + "D-" + run + "-2;01.01.0001;Воронеж;Протечка\n"
                + "D-" + run + "-3;31.12.9999 23:59;Воронеж;Протечка\n"
                + "D-" + run + "-4;0000-01-01;Воронеж;Протечка\n"
                + "D-" + run + "-5;01.03.2026 10:00;Воронеж;Протечка\u0000 в подвале\n"
                + "D-" + run + "-6;01.03.2026 10:00;Воронеж;" + "т".repeat(40_000) + "\n", StandardCharsets.UTF_8);
        Response r = upload(csv);
        r.then().statusCode(200).body("accepted", equalTo(1)).body("rejected", equalTo(5));
        List<String> reasons = r.jsonPath().getList("rejections.reason");
        assertThat(reasons.get(0)).contains("unreadable date");
        assertThat(reasons.subList(1, 4)).allSatisfy(reason -> assertThat(reason).contains("publishedAt"));
        assertThat(reasons.get(4)).contains("cell longer than");
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.INCIDENT_IMPORT, "D-" + run + "-5")).then().statusCode(200)
                .body("text", equalTo("Протечка в подвале"));
    }

    @Test
    void anUnreadableFileIs400WithoutItsTemporaryPath() throws IOException {
        Path fake = dir.resolve("broken.xlsx");
        Files.write(fake, ("PK\u0003\u0004" + "x".repeat(1000)).getBytes(StandardCharsets.ISO_8859_1));
        Response r = upload(fake);
        r.then().statusCode(400).contentType("application/problem+json");
        HostileInputTest.assertNoLeak(r);
        assertThat(r.asString()).doesNotContain("upload").doesNotContain(".tmp").doesNotContain(dir.toString());

        Path header = dir.resolve("header.csv");
        Files.writeString(header, "колонка;" + "з".repeat(100_000) + ";" + "x;".repeat(5_000) + "\n1;2;3\n");
        Response unknown = upload(header);
        unknown.then().statusCode(422);
        assertThat(unknown.asByteArray().length).isLessThan(4 * 1024);
    }

    /** Found by the request fuzz: the 422 for an unknown header echoed a binary file's first bytes. */
    @Test
    void aBinaryFileReadAsCsvIsNamedNotEchoed() throws IOException {
        Path binary = dir.resolve("photo.csv");
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        bytes[0] = 'C';
        bytes[1] = ':';
        bytes[2] = '\\';
        Files.write(binary, bytes);
        Response r = upload(binary);
        r.then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("not readable text"));
        assertThat(r.jsonPath().getString("detail")).doesNotContain("C:\\").doesNotContain("\uFFFD");
    }
}
