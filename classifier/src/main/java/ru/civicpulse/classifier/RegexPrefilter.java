package ru.civicpulse.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tells cheaply which of a list of regular expressions can possibly match a text, so that only those
 * run. From each expression's source it works out which literal strings a match must contain (an
 * and/or formula: "запах" or "пахн", and then "газ"); one pass over the text with a trie of all the
 * literals finds those present. A pattern whose needs cannot be worked out (flags, back references,
 * everything optional) always runs, so the filter never changes a result, only skips work.
 * Immutable and thread-safe.
 */
final class RegexPrefilter {
    private final Need[] needs;
    private final int literalCount;
    /** Trie edges: key (node << 16 | char) → child node, open addressing. */
    private final long[] edgeKeys;
    private final int[] edgeChildren;
    private final int edgeMask;
    /** Literal id ending at a node, or -1. */
    private final int[] terminal;
    /** The root's children for characters below {@value #ROOT_CHARS} (Latin, Cyrillic), 0 = none. */
    private final int[] rootChildren = new int[ROOT_CHARS];
    private static final int ROOT_CHARS = 0x500;

    /** The literals the patterns need, by id (for tests). */
    private final List<String> literals;

    RegexPrefilter(List<Pattern> patterns) {
        Map<String, Integer> literals = new LinkedHashMap<>();
        needs = new Need[patterns.size()];
        for (int i = 0; i < needs.length; i++) {
            Pattern p = patterns.get(i);
            Need need = p.flags() != 0 ? Need.ANY : new Parser(p.pattern(), literals).parse();
            needs[i] = need;
        }
        literalCount = literals.size();
        this.literals = List.copyOf(literals.keySet());
        int chars = 1;
        for (String l : literals.keySet()) {
            chars += l.length();
        }
        int capacity = Integer.highestOneBit(chars * 2) * 2;
        edgeKeys = new long[capacity];
        Arrays.fill(edgeKeys, -1L);
        edgeChildren = new int[capacity];
        edgeMask = capacity - 1;
        int[] terminals = new int[chars];
        Arrays.fill(terminals, -1);
        int nodes = 1;
        for (Map.Entry<String, Integer> e : literals.entrySet()) {
            int node = 0;
            for (char c : e.getKey().toCharArray()) {
                int child = child(node, c);
                if (child < 0) {
                    child = nodes++;
                    putEdge(node, c, child);
                }
                node = child;
            }
            terminals[node] = e.getValue();
        }
        terminal = terminals;
        for (char c = 0; c < ROOT_CHARS; c++) {
            rootChildren[c] = Math.max(0, child(0, c));
        }
    }

    /** {@code result[i]}: pattern i may match the text (false means it certainly does not). */
    boolean[] candidates(CharSequence text) {
        boolean[] present = new boolean[literalCount];
        int n = text.length();
        for (int start = 0; start < n; start++) {
            char first = text.charAt(start);
            int node = first < ROOT_CHARS ? rootChildren[first] : Math.max(0, child(0, first));
            for (int k = start + 1; node > 0; k++) {
                int lit = terminal[node];
                if (lit >= 0) {
                    present[lit] = true;
                }
                if (k == n) {
                    break;
                }
                node = child(node, text.charAt(k));
            }
        }
        boolean[] out = new boolean[needs.length];
        for (int i = 0; i < needs.length; i++) {
            out[i] = needs[i].holds(present);
        }
        return out;
    }

    List<String> literals() {
        return literals;
    }

    /** Whether the pattern's source yielded any literal it needs (for tests: a pattern that always runs says false). */
    boolean isFiltered(int pattern) {
        return needs[pattern] != Need.ANY;
    }

    private int child(int node, char c) {
        long key = ((long) node << 16) | c;
        int slot = (int) (mix(key) & edgeMask);
        while (true) {
            long k = edgeKeys[slot];
            if (k == key) {
                return edgeChildren[slot];
            }
            if (k == -1L) {
                return -1;
            }
            slot = (slot + 1) & edgeMask;
        }
    }

    private void putEdge(int node, char c, int child) {
        long key = ((long) node << 16) | c;
        int slot = (int) (mix(key) & edgeMask);
        while (edgeKeys[slot] != -1L) {
            slot = (slot + 1) & edgeMask;
        }
        edgeKeys[slot] = key;
        edgeChildren[slot] = child;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }

    /** What a match needs: any text, one literal, all of some needs, or one of some needs. */
    sealed interface Need permits Any, Literal, All, OneOf {
        Need ANY = new Any();

        boolean holds(boolean[] present);
    }

    record Any() implements Need {
        @Override
        public boolean holds(boolean[] present) {
            return true;
        }
    }

    record Literal(int id) implements Need {
        @Override
        public boolean holds(boolean[] present) {
            return present[id];
        }
    }

    record All(Need[] parts) implements Need {
        @Override
        public boolean holds(boolean[] present) {
            for (Need p : parts) {
                if (!p.holds(present)) {
                    return false;
                }
            }
            return true;
        }
    }

    record OneOf(Need[] parts) implements Need {
        @Override
        public boolean holds(boolean[] present) {
            for (Need p : parts) {
                if (p.holds(present)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Reads the subset of the regex syntax the gazetteers and rules use: literals, escapes, classes,
     * groups (lookarounds need nothing), alternation and quantifiers. A quantifier that allows zero
     * repetitions makes its atom need nothing; anything not understood needs nothing.
     */
    private static final class Parser {
        private final String s;
        private final Map<String, Integer> literals;
        private int pos;

        Parser(String source, Map<String, Integer> literals) {
            this.s = source;
            this.literals = literals;
        }

        Need parse() {
            try {
                Need need = alternation();
                return pos == s.length() ? need : Need.ANY;
            } catch (RuntimeException e) {
                return Need.ANY; // unsupported syntax: the pattern simply always runs
            }
        }

        private Need alternation() {
            List<Need> alternatives = new ArrayList<>();
            alternatives.add(sequence());
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                alternatives.add(sequence());
            }
            for (Need a : alternatives) {
                if (a == Need.ANY) {
                    return Need.ANY;
                }
            }
            return alternatives.size() == 1 ? alternatives.get(0) : new OneOf(alternatives.toArray(Need[]::new));
        }

        private Need sequence() {
            List<Need> parts = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '|' || c == ')') {
                    break;
                }
                if (c == '(') {
                    flush(run, parts);
                    Need group = group();
                    if (!optionalQuantifier()) {
                        parts.add(group);
                    }
                } else if (c == '[') {
                    flush(run, parts);
                    skipClass();
                    optionalQuantifier();
                } else if (c == '.' || c == '^' || c == '$') {
                    flush(run, parts);
                    pos++;
                    optionalQuantifier();
                } else if (c == '\\') {
                    char next = s.charAt(pos + 1);
                    if (Character.isLetterOrDigit(next)) {
                        throwIfUnsupportedEscape(next);
                        flush(run, parts);
                        pos += 2;
                        optionalQuantifier();
                    } else {
                        pos += 2;
                        literalChar(next, run, parts);
                    }
                } else if (c == '?' || c == '*' || c == '+' || c == '{') {
                    throw new IllegalArgumentException("dangling quantifier");
                } else {
                    pos++;
                    literalChar(c, run, parts);
                }
            }
            flush(run, parts);
            parts.removeIf(p -> p == Need.ANY);
            if (parts.isEmpty()) {
                return Need.ANY;
            }
            return parts.size() == 1 ? parts.get(0) : new All(parts.toArray(Need[]::new));
        }

        /** Appends a literal character, unless a quantifier lets it be absent (then the run so far is one literal). */
        private void literalChar(char c, StringBuilder run, List<Need> parts) {
            if (pos < s.length() && "?*+{".indexOf(s.charAt(pos)) >= 0) {
                boolean optional = optionalQuantifier();
                if (!optional) {
                    run.append(c); // one or more: at least one c, then the literal ends
                }
                flush(run, parts);
            } else {
                run.append(c);
            }
        }

        /** Reads a group from '(' to its ')'; lookarounds need nothing. */
        private Need group() {
            pos++; // (
            boolean lookaround = false;
            if (s.startsWith("?:", pos)) {
                pos += 2;
            } else if (s.startsWith("?=", pos) || s.startsWith("?!", pos)) {
                pos += 2;
                lookaround = true;
            } else if (s.startsWith("?<=", pos) || s.startsWith("?<!", pos)) {
                pos += 3;
                lookaround = true;
            } else if (pos < s.length() && s.charAt(pos) == '?') {
                throw new IllegalArgumentException("inline flags or named groups");
            }
            Need inner = alternation();
            if (s.charAt(pos) != ')') {
                throw new IllegalArgumentException("unbalanced group");
            }
            pos++;
            return lookaround ? Need.ANY : inner;
        }

        /** Skips a quantifier at pos if there is one; true when it allows zero repetitions. */
        private boolean optionalQuantifier() {
            if (pos >= s.length()) {
                return false;
            }
            char q = s.charAt(pos);
            boolean optional;
            if (q == '?' || q == '*') {
                optional = true;
                pos++;
            } else if (q == '+') {
                optional = false;
                pos++;
            } else if (q == '{') {
                int close = s.indexOf('}', pos);
                String min = s.substring(pos + 1, close).split(",", -1)[0].strip();
                optional = min.isEmpty() || Integer.parseInt(min) == 0;
                pos = close + 1;
            } else {
                return false;
            }
            if (pos < s.length() && (s.charAt(pos) == '?' || s.charAt(pos) == '+')) {
                pos++; // lazy or possessive
            }
            return optional;
        }

        private void skipClass() {
            pos++; // [
            if (pos < s.length() && s.charAt(pos) == '^') {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
            }
            while (s.charAt(pos) != ']') {
                if (s.charAt(pos) == '[') {
                    throw new IllegalArgumentException("nested class");
                }
                pos += s.charAt(pos) == '\\' ? 2 : 1;
            }
            pos++;
        }

        private static void throwIfUnsupportedEscape(char c) {
            // \d \s \w \b and their negations are single atoms; anything else (back references,
            // \p{..}, \Q..\E, hex escapes) is not worth understanding here
            if ("dDsSwWbB".indexOf(c) < 0) {
                throw new IllegalArgumentException("escape \\" + c);
            }
        }

        private void flush(StringBuilder run, List<Need> parts) {
            if (run.length() >= 2) {
                String lit = run.toString();
                int id = literals.computeIfAbsent(lit, k -> literals.size());
                parts.add(new Literal(id));
            }
            run.setLength(0);
        }
    }
}
