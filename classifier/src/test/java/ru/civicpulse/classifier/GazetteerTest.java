package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Location;

class GazetteerTest {
    private final Gazetteer voronezh = Gazetteer.forMunicipality("voronezh");

    @Test
    void streetGivesDistrictAndAddressWithHouseAndFlat() {
        Location l = voronezh.locate("Течёт крыша, Московский проспект, д. 97, кв. 12, сделайте что-нибудь");
        assertThat(l.district()).isEqualTo("kominternovsky");
        assertThat(l.address()).isEqualTo("Московский проспект, д. 97, кв. 12");
    }

    @Test
    void districtNamesInAnyCaseWin() {
        assertThat(voronezh.locate("В Левобережном районе не убирают снег").district()).isEqualTo("levoberezhny");
        assertThat(voronezh.locate("ЦЕНТРАЛЬНЫЙ РАЙОН, опять пробки").district()).isEqualTo("tsentralny");
    }

    @Test
    void microdistrictsAreRecognisedInDeclinedForms() {
        Location l = voronezh.locate("У нас в Шилове третий день нет воды");
        assertThat(l.district()).isEqualTo("sovetsky");
        assertThat(l.address()).isEqualTo("Шилово");
        assertThat(voronezh.locate("на Отрожке разбита дорога").district()).isEqualTo("zheleznodorozhny");
        assertThat(voronezh.locate("нет отопления, Московский проспект 88").address()).isEqualTo("Московский проспект 88");
    }

    @Test
    void microdistrictsOfTheLeftBankTheCentreAndTheSouthWestGiveTheirDistrict() {
        assertThat(voronezh.locate("На Машмете третий день нет горячей воды")).isEqualTo(new Location("levoberezhny", "Машмет"));
        assertThat(voronezh.locate("Яма на дороге на ВАИ, возле остановки").district()).isEqualTo("levoberezhny");
        assertThat(voronezh.locate("В Масловке опять отключили свет").district()).isEqualTo("levoberezhny");
        assertThat(voronezh.locate("Возле Берёзовой рощи сломан фонарь").district()).isEqualTo("tsentralny");
        assertThat(voronezh.locate("На СХИ не убран снег на тротуарах").district()).isEqualTo("tsentralny");
        assertThat(voronezh.locate("В Придонском не вывозят мусор неделю").district()).isEqualTo("sovetsky");
        assertThat(voronezh.locate("Подклетное: на улице нет освещения").district()).isEqualTo("sovetsky");
        // a district named in the text still wins over the microdistrict
        assertThat(voronezh.locate("Машмет, Железнодорожный район").district()).isEqualTo("zheleznodorozhny");
    }

    @Test
    void placesWithoutAKnownDistrictStillGiveTheAddress() {
        Location l = voronezh.locate("ул. Острогожская, 109 — яма во дворе");
        assertThat(l.address()).isEqualTo("ул. Острогожская, 109");
        assertThat(l.district()).isNull();
        assertThat(voronezh.locate("В Дубровке разбита дорога")).isEqualTo(new Location(null, "Дубровка"));
    }

    @Test
    void unknownMunicipalityGivesNoDistrictButStillTheStreet() {
        assertThat(Gazetteer.forMunicipality("atlantis").locate("Шилово, Московский проспект")).isEqualTo(new Location(null, "Московский проспект"));
        assertThat(voronezh.locate("просто жалоба без места")).isEqualTo(new Location(null, null));
    }

    @Test
    void loadsACityConfiguration() {
        String json = """
                {"municipality": "novovoronezh", "districts": [],
                 "places": [{"name": "Пятый микрорайон", "patterns": ["5-?(?:й|м) микрорайон"]}], "streets": []}
                """;
        Gazetteer g = Gazetteer.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(g.locate("В 5-м микрорайоне сломаны качели").address()).isEqualTo("Пятый микрорайон");
    }
}
