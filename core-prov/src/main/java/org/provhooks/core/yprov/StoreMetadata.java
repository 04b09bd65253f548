package org.provhooks.core.yprov;

import java.util.List;

/**
 * The descriptive metadata yProvStore keeps beside a document ({@code PATCH /documents/{pid}/metadata}).
 *
 * <pre>{@code
 * StoreMetadata m = new StoreMetadata("rnaseq run happy_turing", "Nextflow run …", List.of("nextflow", "completed"), "jdoe");
 * }</pre>
 *
 * @param title       a title, e.g. the workflow's name and its run
 * @param description one or two sentences on what the document holds
 * @param keywords    search words: engine, status, level
 * @param author      who ran it (the run's user agent), or null
 */
public record StoreMetadata(String title, String description, List<String> keywords, String author) {
    public StoreMetadata {
        keywords = List.copyOf(keywords);
    }
}
