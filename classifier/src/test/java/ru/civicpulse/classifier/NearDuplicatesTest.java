package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

    @Test
    void rewordedReportsOfOneProblemAreNear() {
        long a = NearDuplicates.simhash("Во дворе дома 12 на улице Лизюкова огромная яма, машины не могут проехать");
        long b = NearDuplicates.simhash("во дворе дома 12 на улице Лизюкова огромная ЯМА!!! Машины не могут проехать...");
        long c = NearDuplicates.simhash("Во дворе дома 12 на улице Лизюкова огромная яма, машины не могут проехать уже неделю");
        assertThat(NearDuplicates.distance(a, b)).isZero();
        assertThat(NearDuplicates.distance(a, c)).isLessThanOrEqualTo(NearDuplicates.SAME_PROBLEM_MAX_DISTANCE);
    }

    @Test
    void differentProblemsAreFar() {
        long a = NearDuplicates.simhash("Во дворе дома 12 на улице Лизюкова огромная яма, машины не могут проехать");
        long b = NearDuplicates.simhash("В поликлинике невозможно записаться к терапевту, телефон регистратуры не отвечает");
        assertThat(NearDuplicates.distance(a, b)).isGreaterThan(NearDuplicates.SAME_PROBLEM_MAX_DISTANCE);
    }

    @Test
    void distanceIsTheNumberOfDifferingBits() {
        assertThat(NearDuplicates.distance(0b1011L, 0b0001L)).isEqualTo(2);
        assertThat(NearDuplicates.distance(-1L, 0L)).isEqualTo(64);
    }
}
