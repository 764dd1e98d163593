package io.netfence.admin.security;

import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page: user name and password, and "Log in with SSO" when OpenID Connect is configured. */
@Controller
class LoginController {

    private final boolean sso;

    LoginController(ObjectProvider<ClientRegistrationRepository> registrations, ConsoleSecurityProperties properties) {
        this.sso = properties.oidc().enabled() && registrations.getIfAvailable() != null;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                 HttpSession session, Model model) {
        if (error != null) {
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            String message = "Wrong user name or password.";
            if (failure instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oauth) {
                message = oauth.getError().getDescription() != null ? oauth.getError().getDescription() : "Single sign-on failed: " + oauth.getError().getErrorCode();
            } else if (failure instanceof AuthenticationException e && !(failure instanceof org.springframework.security.authentication.BadCredentialsException)) {
                message = "Login failed: " + e.getMessage();
            }
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("loginError", message);
        }
        model.addAttribute("loggedOut", logout != null);
        model.addAttribute("sso", sso);
        model.addAttribute("ssoUrl", "/oauth2/authorization/" + OidcClientConfiguration.REGISTRATION);
        return "security/login";
    }
}
