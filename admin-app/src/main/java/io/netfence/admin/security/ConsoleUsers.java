package io.netfence.admin.security;

import io.netfence.admin.cluster.ConsoleMode;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local users of form login: from {@code netfence.console.users}, plus viewer/viewer and editor/editor in the demo
 * only. Outside the demo, a console with neither users nor SSO refuses to start ({@link NoLoginConfiguredException}).
 */
final class ConsoleUsers {

    static final List<String> DEMO_USERS = List.of("viewer", "editor");

    private ConsoleUsers() {
    }

    static List<UserDetails> of(ConsoleSecurityProperties properties, ConsoleMode mode, BCryptPasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        if (mode.demo()) {
            users.add(User.withUsername("viewer").password(encoder.encode("viewer")).roles("VIEWER").build());
            users.add(User.withUsername("editor").password(encoder.encode("editor")).roles("EDITOR").build());
        }
        for (int i = 0; i < properties.users().size(); i++) {
            ConsoleSecurityProperties.User u = properties.users().get(i);
            String at = "netfence.console.users[" + i + "]";
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalStateException(at + ".name is empty: every console user needs a name");
            }
            if (u.role() == null) {
                throw new IllegalStateException(at + ".role is missing: set viewer or editor");
            }
            String hash = u.password() == null ? "" : u.password().replaceFirst("^\\{bcrypt}", "");
            if (!hash.matches("^\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$")) {
                throw new IllegalStateException(at + ".password must be a bcrypt hash ($2a$10$...), not a plain password;"
                        + " make one with: htpasswd -nbBC 10 '' 'the-password' | cut -c2-");
            }
            users.add(User.withUsername(u.name()).password(hash).roles(u.role().name().toUpperCase(Locale.ROOT)).build());
        }
        if (users.isEmpty() && !properties.oidc().enabled()) {
            throw new NoLoginConfiguredException();
        }
        return users;
    }

    /** Outside the demo there is no default user or password. */
    static final class NoLoginConfiguredException extends IllegalStateException {
        static final String WHAT_TO_SET = "The console has no login configured, so it will not start: outside the demo there is no"
                + " default user. Set console users (netfence.console.users[0].name, netfence.console.users[0].password as a"
                + " bcrypt hash, netfence.console.users[0].role viewer|editor; in the Helm chart: console.auth.users or"
                + " console.auth.existingSecret) and/or single sign-on (netfence.console.oidc.issuer-uri, .client-id,"
                + " .client-secret, .editor-groups), or run the demo with netfence.demo=true.";

        NoLoginConfiguredException() {
            super(WHAT_TO_SET);
        }
    }
}
