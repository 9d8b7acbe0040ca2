package dev.healthmon.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of an API error: {@code {"error": ...}}, and {@code "field"} when one input field is at fault.
 *
 * @param error what went wrong
 * @param field the invalid field, if the error is about one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorView(String error, @Nullable String field) {

    /** Returns an error about no field in particular. */
    public static ErrorView of(String error) {
        return new ErrorView(error, null);
    }
}
