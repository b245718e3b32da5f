package ru.civicpulse.tools;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@code ./civicpulse load}: which measurements run (in this order: batch intake at
 * a rate, single-message intake by concurrent clients, re-classification of stored messages, a
 * rebuild of reporting's read model) and
 * whether the services are profiled with JFR while they run.
 */
public record LoadOptions(Set<Mode> modes, int rate, int duration, int clients, int messages, boolean profile) {
    public static final String USAGE = "load [--mode batch|single|reclassify|rebuild|all[,...]] [--rate N] [--duration S] "
            + "[--clients N] [--messages N] [--profile]";

    public enum Mode {
        /** One REST batch every 100 ms at {@code --rate}, and how long until reporting counts it. */
        BATCH,
        /** {@code --clients} clients, each posting one message per request for {@code --duration}. */
        SINGLE,
        /** {@code --messages} stored messages re-classified by one classification job. */
        RECLASSIFY,
        /** One rebuild of reporting's read model from everything the classified topic holds. */
        REBUILD
    }

    public static LoadOptions parse(String[] args) {
        Set<Mode> modes = EnumSet.of(Mode.BATCH);
        int rate = 100;
        int duration = 30;
        int clients = 16;
        int messages = 2000;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if ("--profile".equals(option)) {
                profile = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value (" + USAGE + ")");
            }
            String value = args[++i];
            switch (option) {
                case "--mode" -> modes = modes(value);
                case "--rate" -> rate = number(option, value);
                case "--duration" -> duration = number(option, value);
                case "--clients" -> clients = number(option, value);
                case "--messages" -> messages = number(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option + " (" + USAGE + ")");
            }
        }
        if (rate < 1 || rate > 100_000 || duration < 1 || duration > 3600 || clients < 1 || clients > 1000
                || messages < 1 || messages > 1_000_000) {
            throw new IllegalArgumentException("--rate 1..100000, --duration 1..3600, --clients 1..1000, --messages 1..1000000");
        }
        return new LoadOptions(modes, rate, duration, clients, messages, profile);
    }

    private static Set<Mode> modes(String value) {
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        for (String name : value.split(",")) {
            if ("all".equals(name)) {
                modes.addAll(EnumSet.allOf(Mode.class));
                continue;
            }
            try {
                modes.add(Mode.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown mode " + name + " (batch, single, reclassify, rebuild or all)");
            }
        }
        return modes;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, not " + value);
        }
    }
}
