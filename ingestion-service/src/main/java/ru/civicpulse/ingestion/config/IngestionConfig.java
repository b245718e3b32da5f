package ru.civicpulse.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import ru.civicpulse.contracts.Source;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything ingestion-service is told by configuration; channels are added by config only. */
@ConfigMapping(prefix = "civicpulse.ingestion")
public interface IngestionConfig {

    /** HMAC key for author pseudonyms; supplied by the environment in production (no default there). */
    String pseudonymKey();

    /** How long ingestion keeps its own rows (messages, webhook ids, import runs). */
    @WithDefault("P90D")
    Duration retention();

    /** When the retention purge runs (Quartz-style cron). */
    @WithDefault("0 30 3 * * ?")
    String purgeCron();

    /** Largest accepted body of {@code POST /api/v1/messages}. */
    @WithDefault("16777216")
    int maxBodyBytes();

    @WithDefault("1000")
    int maxBatchSize();

    /** Longest message text, in characters (REST: 413; webhooks: 422; imports: the row is rejected). */
    @WithDefault("10000")
    int maxTextLength();

    /** Longest url, address, channel id and attachment url, in characters. */
    @WithDefault("2000")
    int maxFieldLength();

    /** Most attachments one message may carry. */
    @WithDefault("20")
    int maxAttachments();

    /**
     * REST clients by the client id of their token ({@code azp}): the sources and municipalities
     * each may submit, and whether it may send official replies. A client not listed may submit
     * only source API, for any municipality, and no official reply.
     */
    Map<String, Client> clients();

    Webhooks webhooks();

    /** VK Callback API endpoints by callback id. */
    Map<String, VkCallback> vk();

    /** Telegram bots by bot id. */
    Map<String, TelegramBot> telegram();

    Imports imports();

    /** Single-message requests (one REST message, a webhook's new message) share transactions. */
    GroupCommit groupCommit();

    interface GroupCommit {
        /** How long a group waits for more requests after its first one; 0 takes only what is already waiting. */
        @WithDefault("PT0.003S")
        Duration window();

        /** Most requests in one transaction. */
        @WithDefault("200")
        int maxSize();
    }

    interface Client {
        /** Sources this client may claim. */
        Set<Source> sources();

        /** Municipality codes this client may submit for. */
        Set<String> municipalities();

        /** Whether this client speaks for an administration and may send OFFICIAL_REPLY messages. */
        @WithDefault("false")
        boolean officialReplies();
    }

    interface Webhooks {
        /** Largest VK or Telegram delivery; a larger declared Content-Length is refused before the body is read. */
        @WithDefault("1048576")
        int maxBodyBytes();
    }

    interface VkCallback {
        String secret();

        /** The string VK expects back from the confirmation handshake. */
        String confirmation();

        String municipality();

        /** VK ids (users, or groups as negative ids) whose messages are official replies. */
        Optional<Set<String>> officialAccounts();
    }

    interface TelegramBot {
        /** Value of the X-Telegram-Bot-Api-Secret-Token header set with setWebhook. */
        String secret();

        String municipality();

        /** Telegram user or chat ids whose messages are official replies. */
        Optional<Set<String>> officialAccounts();
    }

    interface Imports {
        /** Zone of dates in exports that carry no offset. */
        @WithDefault("Europe/Moscow")
        ZoneId zone();

        @WithDefault("500")
        int batchSize();

        /** At most this many rejected rows are listed in an import's answer (all are counted). */
        @WithName("max-listed-rejections")
        @WithDefault("100")
        int maxListedRejections();

        /** Longest cell read from an export; a row with a longer cell is rejected (XLSX itself allows 32,767). */
        @WithDefault("32767")
        int maxCellLength();

        /** Most columns read from a row; a row with more is rejected. */
        @WithDefault("200")
        int maxColumns();

        /** How much of a cell a rejection reason may quote, in characters. */
        @WithDefault("40")
        int maxQuotedLength();
    }
}
