package ru.civicpulse.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

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

    @WithDefault("10000")
    int maxTextLength();

    /** VK Callback API endpoints by callback id. */
    Map<String, VkCallback> vk();

    /** Telegram bots by bot id. */
    Map<String, TelegramBot> telegram();

    Imports imports();

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
        @WithDefault("1000")
        int maxListedRejections();
    }
}
