package io.netfence.admin.security;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page knows who is logged in ({@code currentUser}) and whether they may push ({@code canWrite}). */
@ControllerAdvice
class SecurityModelAdvice {

    @ModelAttribute("currentUser")
    Actor user() {
        return CurrentActor.find().orElse(null);
    }

    @ModelAttribute("canWrite")
    boolean canWrite() {
        return CurrentActor.find().map(Actor::editor).orElse(false);
    }
}
