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
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.testsupport.Tokens;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static ru.civicpulse.ingestion.Api.asAnalyst;

/** The «Исполнитель» of an export travels with each message: stored, published, bounded. */
@QuarkusTest
class ImportExecutorTest {
    private static final String LIGHTING = "МКУ «Городское освещение»";

    @TempDir
    Path dir;

    private static Response upload(Path file) {
        return RestAssured.given().auth().oauth2(Tokens.regionAdmin()).multiPart("file", file.toFile())
                .when().post("/api/v1/imports");
    }

    private static Map<UUID, MessageIngested> published(List<UUID> ids) {
        try (TopicProbe probe = new TopicProbe(ids)) {
            return await().atMost(Duration.ofSeconds(90)).until(probe::events, events -> events.size() == ids.size())
                    .stream().collect(Collectors.toMap(MessageIngested::messageId, Function.identity()));
        }
    }

    @Test
    void anIncidentCsvCarriesItsExecutorCollapsedAndATooLongOneRejectsTheRow() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path csv = dir.resolve("incidents.csv");
        Files.writeString(csv, "Номер инцидента;Дата создания;Муниципалитет;Текст инцидента;Исполнитель\n"
                + "E-" + run + "-1;01.03.2026 10:00;Воронеж;Не горит фонарь;\"  МКУ \u00A0«Городское\n освещение»  \"\n"
                + "E-" + run + "-2;01.03.2026 11:00;Воронеж;Яма во дворе;\n"
                + "E-" + run + "-3;01.03.2026 12:00;Воронеж;Протечка;" + "Управа ".repeat(80) + "\n", StandardCharsets.UTF_8);
        upload(csv).then().statusCode(200)
                .body("layout", equalTo("incident-management"))
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("rejections[0].line", equalTo(5))
                .body("rejections[0].reason", equalTo("sourceExecutor must be at most 500 characters"));

        UUID first = MessageIds.of(Source.INCIDENT_IMPORT, "E-" + run + "-1");
        UUID second = MessageIds.of(Source.INCIDENT_IMPORT, "E-" + run + "-2");
        asAnalyst().get("/api/v1/messages/" + first).then().statusCode(200).body("sourceExecutor", equalTo(LIGHTING));
        asAnalyst().get("/api/v1/messages/" + second).then().statusCode(200).body("sourceExecutor", nullValue());
        Map<UUID, MessageIngested> events = published(List.of(first, second));
        assertThat(events.get(first).sourceExecutor()).isEqualTo(LIGHTING);
        assertThat(events.get(second).sourceExecutor()).isNull();
    }

    @Test
    void aPosXlsxWithAResponsibleExecutorColumnPublishesIt() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path xlsx = dir.resolve("pos.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
            Sheet sheet = workbook.createSheet("Сообщения");
            String[] header = {"Номер сообщения", "Дата создания", "Муниципальное образование", "Текст сообщения",
                    "Ответственный исполнитель"};
            Row head = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                head.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= 3; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue("P-" + run + "-" + i);
                row.createCell(1).setCellValue("02.03.2026 09:30");
                row.createCell(2).setCellValue("городской округ город Нововоронеж");
                row.createCell(3).setCellValue("Не вывозят мусор, дом " + i);
                row.createCell(4).setCellValue("МБУ «Благоустройство»");
            }
            workbook.write(out);
        }
        upload(xlsx).then().statusCode(200).body("layout", equalTo("pos")).body("accepted", equalTo(3));

        List<UUID> ids = List.of(1, 2, 3).stream().map(i -> MessageIds.of(Source.POS, "P-" + run + "-" + i)).toList();
        assertThat(published(ids).values()).extracting(MessageIngested::sourceExecutor).containsOnly("МБУ «Благоустройство»");
    }

    @Test
    void aGenericTableNamesItsExecutorColumn() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path csv = dir.resolve("generic.csv");
        Files.writeString(csv, """
                id,created,body,routed to
                %s-1,2026-05-01 10:00,Не работает лифт,ООО «УК Жилсервис»
                """.formatted(run), StandardCharsets.UTF_8);
        RestAssured.given().auth().oauth2(Tokens.regionAdmin()).multiPart("file", csv.toFile())
                .queryParam("idColumn", "id").queryParam("textColumn", "body").queryParam("dateColumn", "created")
                .queryParam("executorColumn", "routed to").queryParam("municipality", "voronezh")
                .when().post("/api/v1/imports")
                .then().statusCode(200).body("layout", equalTo("generic")).body("accepted", equalTo(1));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.INCIDENT_IMPORT, run + "-1")).then().statusCode(200)
                .body("sourceExecutor", equalTo("ООО «УК Жилсервис»"));
    }
}
