package io.netfence.admin.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.browser.Chromium;
import io.netfence.testoidc.TestOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on through a real OpenID Connect provider: Spring Authorization Server runs in-process on its own port
 * (host "localhost"; the console is browsed as "127.0.0.1", so the two sessions' cookies stay apart). The console
 * discovers it from its issuer, the browser logs in at the provider, and the ID token's {@code groups} claim decides
 * the role: alice (platform-admins) is an editor, carol (support) a viewer, bob (marketing) is refused with a
 * message.
 */
@ConsoleTest
class OidcLoginBrowserTest {

    static final String CLIENT_ID = "netfence-console";
    static final String CLIENT_SECRET = "console-secret-" + UUID.randomUUID();
    static ConfigurableApplicationContext provider;
    static int providerPort;
    static WebDriver driver;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sso(DynamicPropertyRegistry registry) {
        startProvider();
        registry.add("netfence.console.oidc.issuer-uri", () -> "http://localhost:" + providerPort);
        registry.add("netfence.console.oidc.client-id", () -> CLIENT_ID);
        registry.add("netfence.console.oidc.client-secret", () -> CLIENT_SECRET);
        registry.add("netfence.console.oidc.editor-groups", () -> "platform-admins");
        registry.add("netfence.console.oidc.viewer-groups", () -> "support,sre");
    }

    static synchronized void startProvider() {
        if (provider == null) {
            provider = new SpringApplicationBuilder(TestOidcProvider.class)
                    .properties("server.port=0", "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=health",
                            "spring.application.name=test-oidc-provider")
                    .run();
            providerPort = ((WebServerApplicationContext) provider).getWebServer().getPort();
        }
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Chromium.start("oidc-browser-home");
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }

    @BeforeEach
    void registerTheConsoleAtTheProviderAndForgetSessions() {
        provider.getBean(InMemoryRegisteredClientRepository.class).save(RegisteredClient.withId("console")
                .clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1:" + port + "/login/oauth2/code/sso")
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope("email")
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .build());
        for (String origin : List.of("http://localhost:" + providerPort + "/.well-known/openid-configuration", "http://127.0.0.1:" + port + "/login")) {
            driver.get(origin);
            driver.manage().deleteAllCookies();
        }
    }

    void logInAtTheProvider(String user) {
        driver.get("http://127.0.0.1:" + port + "/");
        wait(d -> !d.findElements(By.id("sso-login")).isEmpty(), "the console's login page offers SSO");
        driver.findElement(By.id("sso-login")).click();
        wait(d -> d.getCurrentUrl().startsWith("http://localhost:" + providerPort + "/login"), "the provider's login page");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user + "-password");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void aUserInAnEditorGroupLogsInThroughTheProviderAndIsAnEditor() {
        logInAtTheProvider("alice");
        wait(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:" + port + "/") && !d.findElements(By.id("current-user")).isEmpty(),
                "back on the console, logged in");
        assertThat(driver.findElement(By.id("current-user")).getText()).isEqualTo("alice");
        assertThat(driver.findElement(By.id("current-role")).getText()).isEqualTo("editor");
        assertThat(driver.findElement(By.id("demo-banner")).getText()).contains("DEMO CLUSTER");
        assertThat(Chromium.cspViolations(driver)).isEmpty();
    }

    @Test
    void aUserInAViewerGroupIsAViewer() {
        logInAtTheProvider("carol");
        wait(d -> !d.findElements(By.id("current-user")).isEmpty(), "back on the console, logged in");
        assertThat(driver.findElement(By.id("current-user")).getText()).isEqualTo("carol");
        assertThat(driver.findElement(By.id("current-role")).getText()).isEqualTo("viewer");
    }

    @Test
    void aUserInNeitherGroupIsRefusedWithAMessage() {
        logInAtTheProvider("bob");
        wait(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:" + port + "/login") && !d.findElements(By.id("login-error")).isEmpty(),
                "back on the console's login page with an error");
        assertThat(driver.findElement(By.id("login-error")).getText())
                .contains("as bob").contains("[marketing]").contains("netfence.console.oidc.editor-groups");
        driver.get("http://127.0.0.1:" + port + "/");
        assertThat(driver.getCurrentUrl()).endsWith("/login");
    }

    static void wait(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> what + " (at " + driver.getCurrentUrl() + ")").until(condition);
    }
}
