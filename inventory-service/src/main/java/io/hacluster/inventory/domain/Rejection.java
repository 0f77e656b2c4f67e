package io.hacluster.inventory.domain;

import java.util.List;

/** A request the inventory refuses: invalid input, an unknown id, or a conflict with the cluster's state. */
public final class Rejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: each maps to one HTTP status. */
    public enum Kind {
        /** The request breaks a validation rule (400). */
        INVALID,
        /** The id names nothing the inventory knows (404). */
        NOT_FOUND,
        /** The request conflicts with the cluster's state (409). */
        CONFLICT
    }

    private final Kind kind;
    private final transient List<FieldError> errors;

    private Rejection(Kind kind, String detail, List<FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static Rejection invalid(List<FieldError> errors) {
        return new Rejection(Kind.INVALID, describe(errors), errors);
    }

    public static Rejection invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static Rejection notFound(String what, String id) {
        return new Rejection(Kind.NOT_FOUND, what + " " + id + " is not known", List.of());
    }

    public static Rejection conflict(Refusal refusal) {
        return new Rejection(Kind.CONFLICT, refusal.message(),
                refusal.field() == null ? List.of() : List.of(new FieldError(refusal.field(), refusal.message())));
    }

    public static Rejection conflict(List<FieldError> errors) {
        return new Rejection(Kind.CONFLICT, describe(errors), errors);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        StringBuilder b = new StringBuilder();
        for (FieldError e : errors) {
            b.append(b.length() == 0 ? "" : "; ").append(e);
        }
        return b.toString();
    }
}
