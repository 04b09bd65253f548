package org.provhooks.core.json;

import java.io.IOException;
import java.io.OutputStream;
import org.provhooks.core.model.Document;

/** Something that writes a PROV-JSON document: an in-memory document, or one partly spooled on disk. */
@FunctionalInterface
public interface DocumentBody {
    /** Writes the document to {@code out} (not closed), indented when {@code pretty}. */
    void writeTo(OutputStream out, boolean pretty) throws IOException;

    /** The body of an in-memory document. */
    static DocumentBody of(Document doc) {
        return (out, pretty) -> (pretty ? ProvJsonWriter.pretty() : ProvJsonWriter.compact()).write(doc, out);
    }
}
