package io.netfence.admin.bench;

import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Where the list pages' server time goes (controller, Thymeleaf, SpEL, link building), in process on the demo grown to
 * {@code netfence.bench.render.pods} pods (default 3,000: a page renders 100 rows whatever the cluster's size): each page
 * is rendered 40 times through MockMvc while a sampler records the test thread's stack every 2 ms; prints the median
 * time per page and the frames most often on the stack (inclusive). Opt-in: {@code -Dnetfence.bench=true}.
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
@SpringBootTest(properties = {"netfence.demo=true", "netfence.demo.pods=${netfence.bench.render.pods:3000}"})
@AutoConfigureMockMvc(print = org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint.NONE)
@org.springframework.context.annotation.Import(io.netfence.admin.MockMvcDefaults.class)
@WithMockUser(username = "test-editor", roles = "EDITOR")
class PageRenderProfile {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;

    @Test
    void listPages() throws Exception {
        Eventually.until("the grown demo in the live model", () -> cluster.snapshot().pods().size() >= 1000);
        var s = cluster.snapshot();
        String policy = s.policies().get(s.policies().size() / 2).key();
        String pages = System.getProperty("netfence.bench.render.pages", "/pods,/pods?view=pods,/policies,/composer?edit=" + policy);
        System.out.printf("[profile] %d pods, %d policies, %d nodes%n", s.pods().size(), s.policies().size(), s.nodes().size());
        for (String page : pages.split(",")) {
            for (int i = 0; i < 5; i++) {
                mvc.perform(get(page)).andReturn();
            }
            Thread main = Thread.currentThread();
            Map<String, Integer> inclusive = new ConcurrentHashMap<>();
            Map<String, Integer> top = new ConcurrentHashMap<>();
            int[] total = {0};
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    StackTraceElement[] st = main.getStackTrace();
                    Set<String> seen = new HashSet<>();
                    for (StackTraceElement e : st) {
                        String c = e.getClassName();
                        if (!(c.startsWith("io.netfence") || c.startsWith("org.thymeleaf") || c.startsWith("org.springframework.expression")
                                || c.startsWith("org.springframework.web.util") || c.startsWith("org.springframework.security.web.")
                                || c.startsWith("org.springframework.web.servlet.view") || c.startsWith("org.springframework.web.servlet.resource")
                                || c.startsWith("io.micrometer") || c.startsWith("tools.jackson"))) {
                            continue;
                        }
                        String k = c.replaceAll(".*\\.", "") + "." + e.getMethodName();
                        if (seen.add(k)) {
                            inclusive.merge(k, 1, Integer::sum);
                        }
                    }
                    for (StackTraceElement e : st) {
                        if (!e.getClassName().startsWith("java.") && !e.getClassName().startsWith("jdk.") && !e.getClassName().startsWith("sun.")) {
                            top.merge(e.getClassName().replaceAll(".*\\.", "") + "." + e.getMethodName() + ":" + e.getLineNumber(), 1, Integer::sum);
                            break;
                        }
                    }
                    total[0]++;
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            long[] times = new long[40];
            int bytes = 0;
            sampler.start();
            for (int i = 0; i < times.length; i++) {
                long t0 = System.nanoTime();
                bytes = mvc.perform(get(page)).andReturn().getResponse().getContentAsByteArray().length;
                times[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            sampler.interrupt();
            sampler.join();
            java.util.Arrays.sort(times);
            System.out.printf("[profile] %s: median %d ms, p90 %d ms, %d KB, %d samples%n", page, times[times.length / 2],
                    times[times.length * 9 / 10], bytes / 1024, total[0]);
            inclusive.entrySet().stream().filter(e -> !e.getKey().startsWith("PageRenderProfile") && e.getValue() * 33 >= total[0] && e.getValue() * 100 < total[0] * 70)
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(45)
                    .forEach(e -> System.out.printf("[profile]   incl %3d%% %s%n", e.getValue() * 100 / total[0], e.getKey()));
            top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(e -> System.out.printf("[profile]   self %3d%% %s%n", e.getValue() * 100 / total[0], e.getKey()));
        }
    }
}
