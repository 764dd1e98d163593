package io.netfence.admin.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/** Logs a browser in through the console's login page (the form a person uses). */
public final class BrowserLogin {

    private BrowserLogin() {
    }

    /** Logs in as {@code user} unless the browser already is; ends on the overview. */
    public static void as(WebDriver driver, String base, String user, String password) {
        driver.get(base + "/");
        if (!driver.findElements(By.id("current-user")).isEmpty()) {
            if (driver.findElement(By.id("current-user")).getText().equals(user)) {
                return;
            }
            driver.findElement(By.id("logout-button")).click();
            driver.get(base + "/");
        }
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("login-form")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage("logged in as " + user)
                .until(d -> !d.findElements(By.id("current-user")).isEmpty() && d.findElement(By.id("current-user")).getText().equals(user));
    }
}
