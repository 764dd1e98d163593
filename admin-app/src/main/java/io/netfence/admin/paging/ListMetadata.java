package io.netfence.admin.paging;

/**
 * {@code metadata} of a JSON list, as the Kubernetes API has it: {@code continue} (absent on the last page) and
 * {@code remainingItemCount}; plus {@code totalItemCount}, the exact number of items matching the filters.
 */
public record ListMetadata(@com.fasterxml.jackson.annotation.JsonProperty("continue")
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           String continueToken,
                           long remainingItemCount, long totalItemCount) {

    public static ListMetadata of(Page<?> page) {
        return new ListMetadata(page.continueToken(), page.remaining(), page.total());
    }
}
