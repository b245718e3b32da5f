/**
 * The message as the layers hand it to each other: {@link ru.civicpulse.ingestion.message.NewMessage}
 * as a channel delivered it, {@link ru.civicpulse.ingestion.message.StoredMessage} as ingestion keeps
 * it. api, imports, domain and persistence all use these records, and this package uses none of
 * them: persistence stores messages without depending on the domain services that call it.
 */
package ru.civicpulse.ingestion.message;
