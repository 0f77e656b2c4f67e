package io.hacluster.inventory.rest;

import java.util.Arrays;

import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.GroupRules;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;

/** Query and path parameters, read as text and checked here so that a bad one gets a 400 that names it. */
final class Params {

    private Params() {
    }

    static PageRequest page(String page, String size, InventoryConfig config) {
        Integer p = integer("page", page);
        Integer s = integer("size", size);
        if (s != null && s < 1) {
            throw Rejection.invalid("size", "must be at least 1, was " + s);
        }
        try {
            return PageRequest.of(p, s, config.defaultPageSize(), config.maxPageSize());
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("page") ? "page" : "size";
            throw Rejection.invalid(field, e.getMessage().substring(field.length() + 1));
        }
    }

    static <E extends Enum<E>> E enumeration(String name, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants()) + ", was '"
                    + value + "'");
        }
    }

    /** An optional id filter; null when absent. */
    static String id(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!GroupRules.ID.matcher(value).matches()) {
            throw Rejection.invalid(name, "is not a valid id: '" + value + "'");
        }
        return value;
    }

    /** Who asks, as the operator named themselves; "api" when they did not. */
    static String requestedBy(String value) {
        if (value == null) {
            return "api";
        }
        if (value.isBlank() || value.length() > 128) {
            throw Rejection.invalid("requestedBy", "must be 1 to 128 characters");
        }
        return value;
    }

    private static Integer integer(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw Rejection.invalid(name, "must be a whole number, was '" + value + "'");
        }
    }
}
