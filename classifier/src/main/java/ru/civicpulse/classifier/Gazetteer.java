package ru.civicpulse.classifier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.civicpulse.classifier.text.TextNormalizer;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Location;

/**
 * Places of one municipality from a JSON configuration ({@code gazetteer/<code>.json} on the class
 * path): district names, microdistricts and streets with the district they lie in (when certain).
 * {@link #locate} gives the district (an explicit district name wins over a street, a street over a
 * microdistrict) and an address fragment: street with house/flat numbers if written, else the place
 * name. Immutable and thread-safe.
 */
public final class Gazetteer {
    private static final Map<String, Gazetteer> CACHE = new ConcurrentHashMap<>();
    private static final Gazetteer EMPTY = new Gazetteer(new Config(null, List.of(), List.of(), List.of()));

    private static final String TYPE = "(?:ул\\.|ул(?=\\s)|улиц[аеуы]|пр-кт|пр-т|просп\\.|проспект[аеу]?|пер\\.|переул[оа]?к[аеу]?|бульвар[аеу]?|"
            + "б-р|наб\\.|набережн[а-я]{1,3}|пл\\.|площад[ьи]|шоссе|ш\\.|проезд[аеу]?|мкр\\.|мкр(?=\\s)|микрорайон[аеу]?|пос\\.|поселок|поселк[аеу])";
    private static final String WORD = "[А-Яа-яЁё0-9][А-Яа-яЁё0-9.-]{0,40}+";
    private static final String CAP_WORD = "[А-ЯЁ0-9][А-Яа-яЁё0-9.-]{0,40}+";
    /*
     * Every repetition below is bounded (names up to 41 characters, up to 3 spaces between parts), a
     * name is taken whole (possessive: never split to give its digits to the house number) and the
     * adjective of NAME_FIRST starts at a word beginning: with unbounded runs the engine re-read
     * long runs of spaces, digits or hyphens from every start position (quadratic time).
     */
    /** House number (with optional letter, fraction, building) and optional flat. */
    private static final String HOUSE = ",?\\s{0,3}(?:д\\.|дом[а-я]{0,3}|№)?\\s{0,3}\\d{1,4}(?![\\d.:])(?:\\s?[а-дА-Д](?![а-яА-Я]))?(?:/\\d{1,4})?"
            + "(?:,?\\s{0,3}(?:к\\.|корп\\.?|корпус|стр\\.?|строение)\\s{0,3}\\d{1,3})?"
            + "(?:,?\\s{0,3}(?:кв\\.|кв(?=\\s)|квартир[аеуы])\\s{0,3}\\d{1,4})?";
    private static final String LEFT = "(?<![А-Яа-яЁё])";
    /** "ул. Кирова", "проспект Революции, 5": a capitalised name, house optional. */
    private static final Pattern TYPE_FIRST = Pattern.compile(
            LEFT + TYPE + "\\s{0,3}" + CAP_WORD + "(?:\\s{1,3}" + CAP_WORD + "){0,2}(?:" + HOUSE + ")?");
    /** "ул кирова 5": lower-case names count only with a house number. */
    private static final Pattern TYPE_FIRST_LOWER = Pattern.compile(
            LEFT + TYPE + "\\s{0,3}" + WORD + "(?:\\s{1,3}" + WORD + ")??" + HOUSE);
    /** "Московский проспект, д. 97". */
    private static final Pattern NAME_FIRST = Pattern.compile(
            "(?<![А-Яа-яЁё0-9-])[А-Яа-яЁё0-9][А-Яа-яЁё0-9-]{0,40}(?:ая|ий|ой|ый|ом|ей|ую|ого|ому)\\s{1,3}(?:улиц[аеуы]|проспект[аеу]?|бульвар[аеу]?|переул[оа]?к[аеу]?|шоссе)"
                    + "(?:" + HOUSE + ")?");
    private static final Pattern HAS_NUMBER = Pattern.compile("\\d");
    private static final List<Pattern> ADDRESS_PATTERNS = List.of(TYPE_FIRST, TYPE_FIRST_LOWER, NAME_FIRST);
    /** The address patterns run only on texts that contain a street-type word. */
    private static final RegexPrefilter ADDRESS_PREFILTER = new RegexPrefilter(ADDRESS_PATTERNS);
    private static final Pattern MUNICIPALITY_CODE = Pattern.compile("[a-z0-9-]+");

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Config(String municipality, List<Entry> districts, List<Entry> places, List<Entry> streets) {
    }

    /** A district ({@code code}) or a place/street ({@code name}, optional {@code district}) with its patterns. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String code, String name, String district, List<String> patterns) {
    }

    private record Compiled(String name, String district, Pattern pattern) {
    }

    private final List<Compiled> districts;
    private final List<Compiled> streets;
    private final List<Compiled> places;
    /** Over districts, then streets, then places: only entries whose words occur in a text are tried. */
    private final RegexPrefilter prefilter;

    private Gazetteer(Config config) {
        this.districts = compile(config.districts(), true);
        this.streets = compile(config.streets(), false);
        this.places = compile(config.places(), false);
        List<Pattern> all = new java.util.ArrayList<>();
        for (List<Compiled> entries : List.of(districts, streets, places)) {
            entries.forEach(e -> all.add(e.pattern()));
        }
        this.prefilter = new RegexPrefilter(all);
    }

    /** The patterns of the districts, streets and places, then those of addresses (for tests). */
    /** The address patterns (for tests). */
    static List<Pattern> addressPatterns() {
        return ADDRESS_PATTERNS;
    }

    List<Pattern> patterns() {
        List<Pattern> all = new java.util.ArrayList<>();
        for (List<Compiled> entries : List.of(districts, streets, places)) {
            entries.forEach(e -> all.add(e.pattern()));
        }
        all.addAll(ADDRESS_PATTERNS);
        return all;
    }

    public static Gazetteer forMunicipality(String municipalityCode) {
        if (municipalityCode == null || !MUNICIPALITY_CODE.matcher(municipalityCode).matches()) {
            return EMPTY;
        }
        return CACHE.computeIfAbsent(municipalityCode, code -> {
            try (InputStream in = Gazetteer.class.getResourceAsStream("/ru/civicpulse/classifier/gazetteer/" + code + ".json")) {
                return in == null ? EMPTY : load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static Gazetteer load(InputStream json) {
        try {
            return new Gazetteer(EventJson.mapper().readValue(json, Config.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid gazetteer: " + e.getMessage(), e);
        }
    }

    public Location locate(String text) {
        if (text == null || text.isBlank()) {
            return new Location(null, null);
        }
        return locate(text, TextNormalizer.normalize(text));
    }

    /** {@link #locate} given the text and its {@link TextNormalizer#normalize normalised} form. */
    Location locate(String text, String norm) {
        if (norm.isEmpty()) {
            return new Location(null, null);
        }
        boolean[] may = prefilter.candidates(norm);
        Compiled districtEntry = first(districts, norm, may, 0);
        String district = districtEntry == null ? null : districtEntry.district();
        Compiled street = first(streets, norm, may, districts.size());
        Compiled place = first(places, norm, may, districts.size() + streets.size());
        if (district == null && street != null) {
            district = street.district();
        }
        if (district == null && place != null) {
            district = place.district();
        }
        String address = address(text);
        if (address == null && street != null) {
            address = street.name();
        }
        if (address == null && place != null) {
            address = place.name();
        }
        return new Location(district, address);
    }

    /** The most specific street/house fragment in the text: one with a house number, then the longest. */
    static String address(String text) {
        String best = null;
        int bestScore = -1;
        boolean[] may = ADDRESS_PREFILTER.candidates(text);
        for (int i = 0; i < ADDRESS_PATTERNS.size(); i++) {
            if (!may[i]) {
                continue;
            }
            Matcher m = ADDRESS_PATTERNS.get(i).matcher(text);
            while (m.find()) {
                String found = trimTrailingPunctuation(m.group().strip());
                int score = (HAS_NUMBER.matcher(found).find() ? 1000 : 0) + found.length();
                if (score > bestScore) {
                    best = found;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    /** Drops trailing commas, dots and white space (a loop: a regex ending in {@code +$} is quadratic on long runs). */
    static String trimTrailingPunctuation(String s) {
        int end = s.length();
        while (end > 0 && ",. \t\n\u000B\f\r".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The first entry that matches; {@code may[offset + i]} says whether entry i can. */
    private static Compiled first(List<Compiled> entries, String norm, boolean[] may, int offset) {
        for (int i = 0; i < entries.size(); i++) {
            if (may[offset + i] && entries.get(i).pattern().matcher(norm).find()) {
                return entries.get(i);
            }
        }
        return null;
    }

    private static List<Compiled> compile(List<Entry> entries, boolean districtEntries) {
        if (entries == null) {
            return List.of();
        }
        return entries.stream().map(e -> new Compiled(e.name(), districtEntries ? e.code() : e.district(),
                Pattern.compile("(?<![а-яa-z0-9])(?:" + String.join("|", e.patterns()) + ")"))).toList();
    }
}
