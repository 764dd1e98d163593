package io.netfence.admin.push;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** This session's recent push outcomes, so the result page is a GET that can be refreshed without pushing again. */
@Component
@SessionScope
public class PushResults implements Serializable {

    private static final int KEEP = 20;

    private final Map<String, PushOutcome> results = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PushOutcome> eldest) {
            return size() > KEEP;
        }
    };

    public synchronized String put(PushOutcome outcome) {
        String id = UUID.randomUUID().toString();
        results.put(id, outcome);
        return id;
    }

    public synchronized Optional<PushOutcome> get(String id) {
        return Optional.ofNullable(results.get(id));
    }
}
