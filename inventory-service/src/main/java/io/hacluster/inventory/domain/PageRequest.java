package io.hacluster.inventory.domain;

/**
 * One page of a list: page numbers start at 0.
 *
 * @param page the page number
 * @param size items per page
 */
public record PageRequest(int page, int size) {

    public PageRequest {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
    }

    /** The request for the given optional parameters, bounded by the largest page allowed. */
    public static PageRequest of(Integer page, Integer size, int defaultSize, int maxSize) {
        int s = size == null ? defaultSize : size;
        if (s > maxSize) {
            throw new IllegalArgumentException("size must be at most " + maxSize + ", was " + s);
        }
        return new PageRequest(page == null ? 0 : page, s);
    }

    public int offset() {
        return page * size;
    }
}
