package ru.civicpulse.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Package cycles among a module's compiled classes, found with the JDK's own {@code jdeps}: the
 * groups of packages that depend on each other in a circle (each group sorted; none when the
 * packages form layers).
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /**
     * Fails unless the packages under {@code prefix} in this module's {@code target/classes} form layers;
     * also fails when jdeps reads no dependency at all (the check would otherwise pass on nothing).
     */
    public static void assertLayered(String prefix) {
        Path classes = Path.of("target", "classes");
        Map<String, Set<String>> dependencies = dependencies(classes, prefix);
        if (dependencies.isEmpty()) {
            throw new AssertionError("jdeps found no dependency between the packages under " + prefix + " in " + classes.toAbsolutePath());
        }
        List<Set<String>> cycles = stronglyConnected(dependencies);
        if (!cycles.isEmpty()) {
            throw new AssertionError("package cycles under " + prefix + ": " + cycles + "; dependencies: " + dependencies);
        }
    }

    /** Which of the packages under {@code prefix} each of them uses (itself left out), as {@code jdeps} reads the classes. */
    public static Map<String, Set<String>> dependencies(Path classes, String prefix) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException(classes.toAbsolutePath() + " is not a directory of compiled classes");
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps (a JRE or a jlinked runtime?)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", java.util.regex.Pattern.quote(prefix) + "(\\..*)?", classes.toString());
        if (code != 0) {
            throw new IllegalStateException("jdeps failed (" + code + "): " + err);
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            // "   a.b.c   -> a.b.d   classes"
            if (parts.length >= 3 && parts[1].equals("->") && parts[0].startsWith(prefix) && !parts[0].equals(parts[2])) {
                edges.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(parts[2]);
            }
        }
        return edges;
    }

    /** Tarjan's strongly connected components (recursive: a module has a few dozen packages at most); only those of two or more packages. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> cycles = new ArrayList<>();
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, edges, index, low, stack, onStack, cycles);
            }
        }
        return cycles;
    }

    private static void visit(String v, Map<String, Set<String>> edges, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<Set<String>> cycles) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, edges, index, low, stack, onStack, cycles);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }
}
