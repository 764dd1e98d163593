package io.netfence.admin.composer;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * A request over the multipart limits (application.yaml) never reaches the controller: send the browser back to
 * the composer with a message instead of an error page.
 */
@ControllerAdvice
class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    String tooLarge() {
        return "redirect:/composer?uploadError=size";
    }
}
