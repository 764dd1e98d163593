package io.netfence.admin.paging;

import java.util.List;

/**
 * One page of a filtered list.
 *
 * @param items         the items of this page
 * @param continueToken where the next page starts (null on the last page)
 * @param remaining     how many matching items come after this page
 * @param total         how many items match the filter in all (exact)
 * @param offset        how many matching items come before this page (for "101–200 of 10,000")
 */
public record Page<T>(List<T> items, String continueToken, long remaining, long total, long offset) {

    public long first() {
        return items.isEmpty() ? offset : offset + 1;
    }

    public long last() {
        return offset + items.size();
    }
}
