package org.provhooks.core.ml;

import java.util.List;
import org.provhooks.core.model.QualifiedName;

/**
 * What identifies a yProv4ML run document: its run activity and the run's names.
 *
 * @param runActivity the run activity's identifier, exactly as in the document
 * @param generation  which layout the document uses
 * @param runName     the run's name (the activity's local part)
 * @param experiment  experiment name, if given
 * @param runNumber   run id / counter, if given
 * @param pid         the run's PID (UUID), if given
 * @param contexts    context activities (Training, Validation, …)
 * @param parameters  number of parameter entities
 * @param metrics     number of metric entities
 * @param parentTask  the workflow task the run names as its parent, if any
 */
public record MlRunInfo(
        QualifiedName runActivity,
        Generation generation,
        String runName,
        String experiment,
        String runNumber,
        String pid,
        List<String> contexts,
        int parameters,
        int metrics,
        QualifiedName parentTask) {

    /** The two yProv4ML document layouts. */
    public enum Generation {
        /** Prefixes {@code context}, {@code yProv4ML}, {@code prov-ml}; run activity with {@code yProv4ML:level} 0. */
        LEGACY,
        /** Prefixes {@code yprov}, {@code provml}, {@code dcterms}; run activity with experiment name, run id, PID. */
        CURRENT
    }
}
