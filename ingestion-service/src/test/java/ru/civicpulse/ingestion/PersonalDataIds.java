package ru.civicpulse.ingestion;

import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.domain.Pseudonymizer;

/** The pseudonyms the service gives residents' own ids (with the test profile's key), to find their messages. */
final class PersonalDataIds {
    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("test-only-pseudonym-key-0123456789");

    private PersonalDataIds() {
    }

    static String vkPeer(long peer) {
        return PSEUDONYMS.pseudonym(Source.VK, "peer:" + peer);
    }

    static String telegramChat(long chat) {
        return PSEUDONYMS.pseudonym(Source.TELEGRAM, "chat:" + chat);
    }
}
