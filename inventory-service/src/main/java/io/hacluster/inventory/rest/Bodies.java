package io.hacluster.inventory.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Optional request bodies (drain, resume, move): {@code curl -X POST .../drain} with no body and no content type is
 * a valid request. The text is read with the API's mapper, so a bad body gets the same 400 as anywhere else.
 */
@ApplicationScoped
public class Bodies {

    @Inject
    ObjectMapper mapper;

    /** The body as {@code type}, or null when there is none. */
    public <T> T optional(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new UnreadableBody(e);
        }
    }

    /** A body that is not the expected JSON; mapped to a 400 problem naming the field. */
    public static final class UnreadableBody extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnreadableBody(JsonProcessingException cause) {
            super(cause.getOriginalMessage(), cause);
        }

        public JsonProcessingException json() {
            return (JsonProcessingException) getCause();
        }
    }
}
