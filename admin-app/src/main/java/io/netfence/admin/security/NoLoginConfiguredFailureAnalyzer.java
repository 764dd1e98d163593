package io.netfence.admin.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints what to set instead of a stack trace when the console has neither users nor SSO. */
public class NoLoginConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<ConsoleUsers.NoLoginConfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConsoleUsers.NoLoginConfiguredException cause) {
        return new FailureAnalysis("The console has no login configured (no netfence.console.users and no"
                + " netfence.console.oidc.issuer-uri) and is not in demo mode.", ConsoleUsers.NoLoginConfiguredException.WHAT_TO_SET, cause);
    }
}
