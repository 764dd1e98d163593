package io.netfence.agent.chart;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTES.txt (shown by helm install/status): how to reach the console, how to log in, how to check the agents. */
class HelmChartNotesTest {

    private static String notes(Path valuesFile, String... sets) {
        var install = new Helm(HelmChartTest.CHART).install().withName("nf").withNamespace("netfence")
                .withKubeVersion("1.31.0").clientOnly().withDryRunOption(DryRun.CLIENT);
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        for (int i = 0; i + 1 < sets.length; i += 2) {
            install = install.set(sets[i], sets[i + 1]);
        }
        return install.call().getOutput();
    }

    @Test
    void defaultNotesSayHowToReachTheConsoleLogInAsAdminAndCheckTheAgents() {
        String notes = notes(null);
        assertThat(notes).contains("kubectl get nodefirewallstatuses")
                .contains("rollout status daemonset/nf-netfence-agent")
                .contains("port-forward service/nf-netfence-console 8080:80")
                .contains("get secret nf-netfence-console-users -o jsonpath='{.data.admin-password}'");
    }

    @Test
    void withSsoAndAnIngressTheNotesNameTheUrlAndTheGroups() {
        String notes = notes(HelmChartObjectsTest.CUSTOM_VALUES);
        assertThat(notes).contains("https://netfence.example.com/")
                .contains("\"Log in with single sign-on\" at https://dex.example.com")
                .contains("platform-admins").contains("developers")
                .contains("as \"ann\" (editor)")
                .doesNotContain("port-forward");
    }
}
