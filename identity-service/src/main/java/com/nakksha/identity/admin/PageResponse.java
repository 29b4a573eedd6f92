package com.nakksha.identity.admin;

import java.util.List;

/** One page of an admin list: pages count from 0; {@code totalPages} is 0 when nothing matches. */
record PageResponse<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    static <T> PageResponse<T> of(List<T> items, int page, int size, long total) {
        return new PageResponse<>(items, page, size, total, (total + size - 1) / size);
    }
}
