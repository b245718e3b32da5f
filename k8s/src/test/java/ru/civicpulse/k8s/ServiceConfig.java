package ru.civicpulse.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code application.properties} as the prod profile sees it: unprofiled keys
 * overridden by {@code %prod.} ones; other profiles dropped.
 */
record ServiceConfig(String service, Map<String, String> prod) {

    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");

    /** The service's properties, or empty while the service has none yet. */
    static Optional<ServiceConfig> load(String service) {
        Path file = Rendered.K8S.resolveSibling(service).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> prod = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                plain.put(key, p.getProperty(key));
            } else {
                int dot = key.indexOf('.');
                Set<String> profiles = Set.of(key.substring(1, dot).split(","));
                if (profiles.contains("prod")) {
                    prod.put(key.substring(dot + 1), p.getProperty(key));
                }
            }
        }
        plain.putAll(prod);
        return Optional.of(new ServiceConfig(service, plain));
    }

    /**
     * Environment variables the service cannot start without in prod: every {@code ${NAME}}
     * without a default, except references to other keys of the file.
     */
    Set<String> requiredEnvironment() {
        Set<String> env = new TreeSet<>();
        for (String value : prod.values()) {
            for (String[] ref : references(value)) {
                if (ref[1] == null && !prod.containsKey(ref[0])) {
                    env.add(ref[0].replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
                }
            }
        }
        return env;
    }

    /** Topic names the service uses: every {@code *.topic}/{@code *.topics} value, resolved. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        prod.forEach((key, value) -> {
            if (key.endsWith(".topic") || key.endsWith(".topics")) {
                for (String t : resolve(value).split(",")) {
                    if (!t.isBlank()) {
                        topics.add(t.trim());
                    }
                }
            }
        });
        return topics;
    }

    /** Topics of incoming ({@code incoming=true}) or outgoing channels, with their consumer groups. */
    List<Channel> channels() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        prod.forEach((key, value) -> {
            Matcher m = CHANNEL.matcher(key);
            if (m.matches()) {
                channels.computeIfAbsent(m.group(1) + "/" + m.group(2),
                        x -> new Channel(m.group(2), m.group(1).equals("incoming"), new LinkedHashMap<>()))
                        .attributes().put(m.group(3), resolve(value));
            }
        });
        return new ArrayList<>(channels.values());
    }

    record Channel(String name, boolean incoming, Map<String, String> attributes) {
        /** The topic SmallRye uses: the {@code topic} attribute, else the channel name. */
        String topic() {
            return attributes.getOrDefault("topic", name);
        }

        Optional<String> group() {
            return Optional.ofNullable(attributes.get("group.id"));
        }
    }

    /** Replaces {@code ${key:default}} by the file's value for key, else the default. */
    String resolve(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            int end = closing(value, start);
            String[] ref = split(value.substring(start + 2, end));
            String resolved = prod.containsKey(ref[0]) ? resolve(prod.get(ref[0])) : ref[1] == null ? "" : resolve(ref[1]);
            out.append(resolved);
            i = end + 1;
        }
        return out.toString();
    }

    /** Top-level references in a value as {name, default-or-null}. */
    private static List<String[]> references(String value) {
        List<String[]> refs = new ArrayList<>();
        int i = 0;
        while ((i = value.indexOf("${", i)) >= 0) {
            int end = closing(value, i);
            refs.add(split(value.substring(i + 2, end)));
            i = end + 1;
        }
        return refs;
    }

    private static int closing(String value, int start) {
        int depth = 0;
        for (int j = start; j < value.length(); j++) {
            if (value.startsWith("${", j)) {
                depth++;
                j++;
            } else if (value.charAt(j) == '}' && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("unclosed ${ in " + value);
    }

    private static String[] split(String expression) {
        int colon = expression.indexOf(':');
        return colon < 0 ? new String[] {expression, null}
                : new String[] {expression.substring(0, colon), expression.substring(colon + 1)};
    }
}
