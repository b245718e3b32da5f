package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.tools.DemoMessage.Channel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sends demo messages through ingestion's real entry points: REST, VK Callback API, Telegram webhook, file import. */
public final class ChannelFeeder {
    static final String VK_CALLBACK = "demo";
    static final String TELEGRAM_BOT = "demo";
    static final long VK_GROUP_ID = 1000001L;

    private final Stack stack;

    public ChannelFeeder(Stack stack) {
        this.stack = stack;
    }

    /** Totals of what ingestion answered. */
    public record Sent(int requests, int accepted, int duplicates, int rejected) {
        Sent plus(Sent o) {
            return new Sent(requests + o.requests, accepted + o.accepted, duplicates + o.duplicates, rejected + o.rejected);
        }
    }

    /** REST: {@code POST /api/v1/messages} in batches with the {@code ingest} client's token. */
    public Sent rest(List<DemoMessage> messages, int batchSize) {
        Sent total = new Sent(0, 0, 0, 0);
        for (int i = 0; i < messages.size(); i += batchSize) {
            List<Map<String, Object>> batch = messages.subList(i, Math.min(messages.size(), i + batchSize)).stream().map(ChannelFeeder::restItem).toList();
            HttpResponse<String> r = stack.postJson(stack.ingestion + "/api/v1/messages", "ingest", Map.of("messages", batch));
            if (r.statusCode() != 202) {
                throw new IllegalStateException("POST /api/v1/messages answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode n = stack.read(r.body());
            total = total.plus(new Sent(1, n.path("accepted").asInt(), n.path("duplicates").asInt(), n.path("rejected").asInt()));
        }
        return total;
    }

    public static Map<String, Object> restItem(DemoMessage m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("source", m.source().name());
        item.put("sourceMessageId", m.sourceMessageId());
        item.put("kind", m.kind().name());
        item.put("municipality", m.municipality());
        item.put("publishedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(m.publishedAt().atZone(DemoDataset.ZONE)));
        item.put("text", m.text());
        item.put("authorId", m.authorId());
        item.put("channelId", m.source().name().toLowerCase() + "-demo");
        if (m.inReplyTo() != null) {
            item.put("inReplyTo", m.inReplyTo());
        }
        if (m.address() != null) {
            item.put("address", m.address());
        }
        return item;
    }

    /** VK Callback API events to {@code POST /webhooks/vk/demo}: wall posts, comments and the community's replies. */
    public Sent vk(List<DemoMessage> messages) {
        int accepted = 0;
        for (DemoMessage m : messages) {
            HttpResponse<String> r = stack.postJson(stack.ingestion + "/webhooks/vk/" + VK_CALLBACK, null, vkEvent(m, stack.vkSecret));
            if (r.statusCode() != 200 || !"ok".equals(r.body().strip())) {
                throw new IllegalStateException("VK webhook answered " + r.statusCode() + ": " + r.body());
            }
            accepted++;
        }
        return new Sent(messages.size(), accepted, 0, 0);
    }

    public static Map<String, Object> vkEvent(DemoMessage m, String secret) {
        Map<String, Object> object = new LinkedHashMap<>();
        long date = m.publishedAt().getEpochSecond();
        String type;
        if (m.kind() == MessageKind.POST) {
            type = "wall_post_new";
            object.put("id", Long.parseLong(m.postId()));
            object.put("owner_id", -VK_GROUP_ID);
            object.put("from_id", Long.parseLong(m.authorId()));
            object.put("date", date);
            object.put("post_type", "suggest".equals(m.text()) ? "suggest" : "post");
            object.put("text", m.text());
        } else {
            type = "wall_reply_new";
            object.put("id", Long.parseLong(m.sourceMessageId().replaceAll("\\D", "")));
            object.put("from_id", Long.parseLong(m.authorId()));
            object.put("post_id", Long.parseLong(m.postId()));
            object.put("owner_id", -VK_GROUP_ID);
            object.put("post_owner_id", -VK_GROUP_ID);
            object.put("date", date);
            object.put("text", m.text());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("event_id", UUID.nameUUIDFromBytes((type + ":" + object.get("id")).getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""));
        event.put("v", "5.199");
        event.put("object", object);
        event.put("group_id", VK_GROUP_ID);
        event.put("secret", secret);
        return event;
    }

    /** Telegram updates to {@code POST /webhooks/telegram/demo} with the bot's secret header. */
    public Sent telegram(List<DemoMessage> messages) {
        int accepted = 0;
        for (DemoMessage m : messages) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(stack.ingestion + "/webhooks/telegram/" + TELEGRAM_BOT))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", stack.telegramSecret)
                    .POST(HttpRequest.BodyPublishers.ofString(stack.write(telegramUpdate(m)))).build();
            HttpResponse<String> r = stack.send(req);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Telegram webhook answered " + r.statusCode() + ": " + r.body());
            }
            accepted++;
        }
        return new Sent(messages.size(), accepted, 0, 0);
    }

    public static Map<String, Object> telegramUpdate(DemoMessage m) {
        long id = Long.parseLong(m.sourceMessageId());
        long user = Long.parseLong(m.authorId());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", id);
        message.put("from", Map.of("id", user, "is_bot", false, "first_name", "Житель"));
        message.put("chat", Map.of("id", user, "type", "private"));
        message.put("date", m.publishedAt().getEpochSecond());
        message.put("text", m.text());
        return Map.of("update_id", 900000000L + id, "message", message);
    }

    /** An «Инцидент Менеджмент»-style export (XLSX) uploaded to {@code POST /api/v1/imports} by {@code admin}. */
    public JsonNode importXlsx(List<DemoMessage> messages) {
        HttpResponse<String> r = stack.postMultipart(stack.ingestion + "/api/v1/imports", "admin", Map.of(), "incident-export.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", incidentExport(messages));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /api/v1/imports answered " + r.statusCode() + ": " + r.body());
        }
        return stack.read(r.body());
    }

    static final List<String> IMPORT_COLUMNS = List.of("Номер инцидента", "Дата создания", "Муниципальное образование", "Район", "Адрес",
            "Текст инцидента", "Источник", "Автор", "Статус", "Исполнитель");

    private static final Map<String, String> DISTRICT_ADMINISTRATIONS = Map.of(
            "zheleznodorozhny", "Управа Железнодорожного района", "kominternovsky", "Управа Коминтерновского района",
            "leninsky", "Управа Ленинского района", "levoberezhny", "Управа Левобережного района",
            "sovetsky", "Управа Советского района", "tsentralny", "Управа Центрального района");

    /**
     * The body «Инцидент Менеджмент» routed a complaint to, as its export names it: chosen by the group the
     * text was written for and its district, among the demo directory's executors.
     */
    public static String sourceExecutor(DemoMessage m) {
        String group = m.intendedGroup() == null ? "" : m.intendedGroup();
        if (!"voronezh".equals(m.municipality())) {
            return switch (group) {
                case "housing-utilities" -> "Отдел ЖКХ администрации";
                case "improvement", "waste", "roads" -> "МКП «Благоустройство Нововоронежа»";
                default -> "Администрация городского округа: приёмная";
            };
        }
        return switch (group) {
            case "housing-utilities" -> "Управление жилищно-коммунального хозяйства";
            case "roads" -> "Управление дорожного хозяйства";
            case "public-transport" -> "Управление транспорта";
            case "improvement", "waste" -> DISTRICT_ADMINISTRATIONS.getOrDefault(m.district() == null ? "" : m.district(), "Управление экологии");
            case "ecology" -> "Управление экологии";
            default -> "Отдел по работе с обращениями граждан";
        };
    }

    public static byte[] incidentExport(List<DemoMessage> messages) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Инциденты");
            Row header = sheet.createRow(0);
            for (int i = 0; i < IMPORT_COLUMNS.size(); i++) {
                header.createCell(i).setCellValue(IMPORT_COLUMNS.get(i));
            }
            int rowNo = 1;
            for (DemoMessage m : messages) {
                Row row = sheet.createRow(rowNo++);
                row.createCell(0).setCellValue(m.sourceMessageId());
                row.createCell(1).setCellValue(f.format(m.publishedAt().atZone(DemoDataset.ZONE)));
                row.createCell(2).setCellValue("voronezh".equals(m.municipality()) ? "Городской округ город Воронеж" : "Городской округ город Нововоронеж");
                row.createCell(3).setCellValue(m.district() == null ? "" : ru.civicpulse.contracts.Municipalities.districtLabel(m.district()));
                row.createCell(4).setCellValue(m.address() == null ? "" : m.address());
                row.createCell(5).setCellValue(m.text());
                row.createCell(6).setCellValue("ВКонтакте");
                row.createCell(7).setCellValue(m.authorId());
                row.createCell(8).setCellValue("Новый");
                row.createCell(9).setCellValue(sourceExecutor(m));
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a data set by channel, keeping publication order. */
    public static Map<Channel, List<DemoMessage>> byChannel(List<DemoMessage> set) {
        Map<Channel, List<DemoMessage>> map = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            map.put(c, new ArrayList<>());
        }
        set.forEach(m -> map.get(m.channel()).add(m));
        return map;
    }
}
