package ru.civicpulse.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Entry point of the tools jar: {@code demo}, {@code load}, {@code dataset}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
        int code = switch (cmd) {
            case "demo" -> new DemoCommand(Stack.fromEnvironment()).run();
            case "load" -> load(rest);
            case "dataset" -> dataset(rest);
            default -> {
                System.err.println("usage: java -jar civicpulse-tools.jar demo | " + LoadOptions.USAGE + " | dataset FILE.jsonl");
                yield 2;
            }
        };
        System.exit(code);
    }

    private static int load(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("civicpulse load: " + e.getMessage());
            return 2;
        }
        return new LoadCommand(Stack.fromEnvironment()).run(options);
    }

    /** Writes the demo set as JSON lines (REST item form) for reading or other tools. */
    private static int dataset(String[] args) throws Exception {
        List<DemoMessage> set = DemoDataset.generate(DemoCommand.SEED, LocalDate.now(DemoDataset.ZONE), java.time.Instant.now());
        Path out = Path.of(args.length > 0 ? args[0] : "demo-dataset.jsonl");
        Stack s = Stack.fromEnvironment();
        Files.write(out, set.stream().map(m -> s.write(ChannelFeeder.restItem(m))).toList());
        System.err.println(set.size() + " deliveries written to " + out + "; per channel " + DemoDataset.perChannel(set));
        return 0;
    }
}
