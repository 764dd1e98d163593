package io.netfence.admin;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP client for the console over real HTTP: keeps its session cookie, logs in through the login
 * form ({@link #login}), and reads the CSRF token the pages carry ({@link #csrf}).
 */
public final class ConsoleHttp {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    public ConsoleHttp(int port) {
        this("http://localhost:" + port);
    }

    public ConsoleHttp(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A client logged in as this user through the login form (as a browser does: GET /login, POST /login with its token). */
    public static ConsoleHttp login(int port, String user, String password) throws IOException, InterruptedException {
        ConsoleHttp c = new ConsoleHttp(port);
        HttpResponse<String> form = c.get("/login");
        Matcher m = HIDDEN_CSRF.matcher(form.body());
        if (!m.find()) {
            throw new AssertionError("the login page has no CSRF field:\n" + form.body());
        }
        HttpResponse<String> done = c.postForm("/login", "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1)));
        if (done.uri().getPath().startsWith("/login")) {
            throw new AssertionError("login as " + user + " failed: ended on " + done.uri());
        }
        return c;
    }

    /** The value of a cookie this client holds (e.g. JSESSIONID), or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(java.net.HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    public HttpClient client() {
        return http;
    }

    public String base() {
        return base;
    }

    /** The CSRF token of this session, as every page carries it in {@code <meta name="_csrf">}. */
    public String csrf() throws IOException, InterruptedException {
        HttpResponse<String> page = get("/");
        Matcher m = META_CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no _csrf meta tag on " + page.uri());
        }
        return m.group(1);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).header("Accept", "text/html,*/*;q=0.8").GET().build());
    }

    public HttpResponse<String> postForm(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html,*/*;q=0.8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
