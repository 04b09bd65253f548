package org.provhooks.core.yprov;

/**
 * A document as yProvStore recorded it after an upload.
 *
 * @param pid               the persistent identifier the server assigned ({@code prefix/suffix})
 * @param version           its version in its lineage (1 for a first upload)
 * @param storageUrl        where the server keeps the file, or null
 * @param parentDocumentPid the version it follows, or null for a new lineage
 */
public record StoredDocument(String pid, int version, String storageUrl, String parentDocumentPid) {}
