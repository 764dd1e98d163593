package io.netfence.admin.security;

import io.netfence.admin.cluster.ConsoleMode;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which local users exist: configured ones with bcrypt hashes, the two demo users only in the demo, never a default. */
class ConsoleUsersTest {

    final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);
    static final ConsoleMode REAL = new ConsoleMode(false, "test");
    static final ConsoleMode DEMO = new ConsoleMode(true, "test");
    static final ConsoleSecurityProperties.Oidc NO_SSO = new ConsoleSecurityProperties.Oidc(null, null, null, List.of("openid"), "groups", List.of(), List.of());

    @Test
    void outsideTheDemoWithoutUsersOrSsoThereIsNoLoginAndTheMessageSaysWhatToSet() {
        assertThatThrownBy(() -> ConsoleUsers.of(new ConsoleSecurityProperties(List.of(), NO_SSO, false), REAL, encoder))
                .isInstanceOf(ConsoleUsers.NoLoginConfiguredException.class)
                .hasMessageContaining("netfence.console.users[0].name").hasMessageContaining("netfence.console.oidc.issuer-uri")
                .hasMessageContaining("netfence.demo=true");
    }

    @Test
    void ssoAloneIsEnoughAndCreatesNoLocalUser() {
        var sso = new ConsoleSecurityProperties.Oidc("https://sso.example", "netfence", "s", List.of("openid"), "groups", List.of("admins"), List.of());
        assertThat(ConsoleUsers.of(new ConsoleSecurityProperties(List.of(), sso, false), REAL, encoder)).isEmpty();
    }

    @Test
    void configuredUsersNeedABcryptHashAndARole() {
        String hash = encoder.encode("s3cret");
        List<UserDetails> users = ConsoleUsers.of(new ConsoleSecurityProperties(List.of(
                new ConsoleSecurityProperties.User("ann", hash, ConsoleSecurityProperties.Role.EDITOR),
                new ConsoleSecurityProperties.User("bob", "{bcrypt}" + hash, ConsoleSecurityProperties.Role.VIEWER)), NO_SSO, false), REAL, encoder);
        assertThat(users).extracting(UserDetails::getUsername).containsExactly("ann", "bob");
        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(CurrentActor.ROLE_EDITOR);
        assertThat(users.get(1).getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(CurrentActor.ROLE_VIEWER);
        assertThat(encoder.matches("s3cret", users.get(1).getPassword())).isTrue();

        assertThatThrownBy(() -> ConsoleUsers.of(new ConsoleSecurityProperties(List.of(
                new ConsoleSecurityProperties.User("ann", "plain-password", ConsoleSecurityProperties.Role.EDITOR)), NO_SSO, false), REAL, encoder))
                .hasMessageContaining("netfence.console.users[0].password must be a bcrypt hash");
        assertThatThrownBy(() -> ConsoleUsers.of(new ConsoleSecurityProperties(List.of(
                new ConsoleSecurityProperties.User("ann", hash, null)), NO_SSO, false), REAL, encoder))
                .hasMessageContaining("netfence.console.users[0].role is missing");
    }

    @Test
    void theUsersFileTheHelmChartMountsBindsToTheseProperties() throws Exception {
        String hash = encoder.encode("from-the-chart");
        // what charts/netfence/templates/console-secrets.yaml writes (toYaml sorts the keys)
        String usersYaml = "netfence:\n  console:\n    users:\n    - name: admin\n      password: " + hash + "\n      role: editor\n"
                + "    - name: dev\n      password: " + hash + "\n      role: viewer\n";
        var sources = new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("users.yaml", new org.springframework.core.io.ByteArrayResource(usersYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources));
        ConsoleSecurityProperties bound = binder.bindOrCreate("netfence.console", ConsoleSecurityProperties.class);
        List<UserDetails> users = ConsoleUsers.of(bound, REAL, encoder);
        assertThat(users).extracting(UserDetails::getUsername).containsExactly("admin", "dev");
        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(CurrentActor.ROLE_EDITOR);
        assertThat(encoder.matches("from-the-chart", users.get(0).getPassword())).isTrue();
    }

    @Test
    void theDemoUsersExistOnlyInTheDemo() {
        List<UserDetails> demo = ConsoleUsers.of(new ConsoleSecurityProperties(List.of(), NO_SSO, false), DEMO, encoder);
        assertThat(demo).extracting(UserDetails::getUsername).containsExactly("viewer", "editor");
        String hash = encoder.encode("x");
        List<UserDetails> real = ConsoleUsers.of(new ConsoleSecurityProperties(List.of(
                new ConsoleSecurityProperties.User("ann", hash, ConsoleSecurityProperties.Role.EDITOR)), NO_SSO, false), REAL, encoder);
        assertThat(real).extracting(UserDetails::getUsername).containsExactly("ann");
    }
}
