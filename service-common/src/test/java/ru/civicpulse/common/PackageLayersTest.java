package ru.civicpulse.common;

import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.PackageCycles;

/** This module's packages form layers: none depends, through others, on one that depends on it. */
class PackageLayersTest {

    @Test
    void noPackageCycle() {
        PackageCycles.assertLayered("ru.civicpulse.common");
    }
}
