package io.netfence.admin.paging;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import java.util.List;
import java.util.Map;

/** A bad query parameter: 400 with {@code {"errors":[{"path":"<parameter>","message":...}]}} for the API, the error page for a browser. */
@ControllerAdvice
class BadParameterAdvice {

    @ExceptionHandler(BadParameterException.class)
    Object badParameter(BadParameterException e, HttpServletRequest request) {
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("errors", List.of(Map.of("path", e.parameter(), "message", e.getMessage()))));
        }
        ModelAndView page = new ModelAndView("error", HttpStatus.BAD_REQUEST);
        page.addObject("status", 400);
        page.addObject("error", "Bad request");
        page.addObject("message", e.getMessage());
        return page;
    }
}
