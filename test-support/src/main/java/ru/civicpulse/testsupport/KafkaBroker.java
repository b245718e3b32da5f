package ru.civicpulse.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import ru.civicpulse.contracts.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One real Kafka broker per test JVM: SmallRye's in-JVM KRaft broker (combined controller and
 * broker), bound to 127.0.0.1 on free ports. It can be stopped and started again on the same
 * port with its data kept, to test what services do while the broker is away.
 */
public final class KafkaBroker {
    private static final String CLUSTER_ID = "civicpulse-test-cluster";
    private static EmbeddedKafkaBroker broker;
    private static int kafkaPort;
    private static int controllerPort;
    private static Path logDir;

    private KafkaBroker() {
    }

    /** Starts the broker if it is not running and returns its bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            start();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stop, "embedded-kafka-stop"));
        }
        return "127.0.0.1:" + kafkaPort;
    }

    public static synchronized boolean isRunning() {
        return broker != null && broker.isRunning();
    }

    /** Starts the broker (again), on the same ports and data directory as before. */
    public static synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            if (logDir == null) {
                logDir = Files.createTempDirectory("civicpulse-kafka");
                kafkaPort = FreePorts.next();
                controllerPort = FreePorts.next();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(CLUSTER_ID)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.setProperty("log.dirs", logDir.toString());
                    p.setProperty("num.partitions", "3");
                    p.setProperty("auto.create.topics.enable", "true");
                    p.setProperty("offsets.topic.replication.factor", "1");
                    p.setProperty("transaction.state.log.replication.factor", "1");
                    p.setProperty("transaction.state.log.min.isr", "1");
                    p.setProperty("group.initial.rebalance.delay.ms", "0");
                })
                .start();
        createTopics();
    }

    /** The services' topics with their production partition counts, as the launcher and the cluster create them. */
    private static void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty())).toList();
            for (var created : admin.createTopics(missing).values().values()) {
                try {
                    created.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // the admin client retries a request that timed out on a busy machine; the broker may have
                    // created the topic the first time, which is what this asks for
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the topics on the test broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker, keeping its data for a later {@link #start()}. */
    public static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
