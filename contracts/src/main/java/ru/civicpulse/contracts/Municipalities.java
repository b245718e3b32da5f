package ru.civicpulse.contracts;

import java.util.List;
import java.util.Optional;

/** The municipalities known out of the box: Voronezh with its six city districts, and Novovoronezh. */
public final class Municipalities {
    public static final String VORONEZH = "voronezh";
    public static final String NOVOVORONEZH = "novovoronezh";

    private static final List<Municipality> ALL = List.of(
            new Municipality(VORONEZH, "Воронеж", List.of(
                    new Municipality.District("zheleznodorozhny", "Железнодорожный район"),
                    new Municipality.District("kominternovsky", "Коминтерновский район"),
                    new Municipality.District("leninsky", "Ленинский район"),
                    new Municipality.District("levoberezhny", "Левобережный район"),
                    new Municipality.District("sovetsky", "Советский район"),
                    new Municipality.District("tsentralny", "Центральный район"))),
            new Municipality(NOVOVORONEZH, "Нововоронеж", List.of()));

    private Municipalities() {
    }

    public static List<Municipality> all() {
        return ALL;
    }

    public static Optional<Municipality> byCode(String code) {
        return ALL.stream().filter(m -> m.code().equals(code)).findFirst();
    }

    /** Russian label of a district code in any known municipality, or the code itself. */
    public static String districtLabel(String districtCode) {
        if (districtCode == null) {
            return "Не определён";
        }
        return ALL.stream().flatMap(m -> m.districts().stream())
                .filter(d -> d.code().equals(districtCode)).map(Municipality.District::label)
                .findFirst().orElse(districtCode);
    }
}
