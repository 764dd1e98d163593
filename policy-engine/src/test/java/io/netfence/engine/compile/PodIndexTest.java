package io.netfence.engine.compile;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PodIndexTest {

    @Test
    void addressesAreSpelledAsIptablesSavePrintsThem() {
        assertThat(PodIndex.canonicalIp("10.244.1.5")).contains("10.244.1.5");
        assertThat(PodIndex.canonicalIp("fd00:0:0:0::9")).contains("fd00::9");
        assertThat(PodIndex.canonicalIp("FD00::A")).contains("fd00::a");
        assertThat(PodIndex.canonicalIp("10.244.1")).isEqualTo(Optional.empty());
        assertThat(PodIndex.canonicalIp("10.244.1.256")).isEmpty();
        assertThat(PodIndex.canonicalIp("10.244.1.5.")).isEmpty();
        assertThat(PodIndex.canonicalIp("not-an-ip")).isEmpty();
        assertThat(PodIndex.canonicalIp(null)).isEmpty();
    }

    @Test
    void fastIpv4CheckAgreesWithTheStrictParser() {
        for (String s : new String[]{"0.0.0.0", "255.255.255.255", "1.2.3.4", "01.2.3.4", "1.2.3", "1..2.3", "1.2.3.4.5", "256.1.1.1",
                "1.2.3.-4", "", "1.2.3.4 ", "1234.1.1.1"}) {
            boolean strict = com.google.common.net.InetAddresses.isInetAddress(s) && !s.contains(":");
            assertThat(PodIndex.isCanonicalIpv4(s)).as(s).isEqualTo(strict && !s.matches(".*\\b0\\d.*"));
        }
    }
}
