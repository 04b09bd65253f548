package org.provhooks.nextflow;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import nextflow.Session;
import nextflow.trace.TraceObserver;
import nextflow.trace.TraceObserverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the provenance observer for a session, unless {@code provhooks.enabled = false}. Never throws: an
 * exception here would stop the user's run.
 */
public class ProvHooksObserverFactory implements TraceObserverFactory {
    /** A name under {@code nextflow.} so warnings reach the console, not only .nextflow.log. */
    static final Logger LOG = LoggerFactory.getLogger("nextflow.provhooks");

    @Override
    public Collection<TraceObserver> create(Session session) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> config = session.getConfig();
            NextflowSettings settings = NextflowSettings.from(config, LOG::warn);
            if (!settings.enabled()) {
                return List.of();
            }
            return List.of(new ProvHooksObserver(settings, settings.metricsEnabled(config), System.getenv()));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("provhooks: disabled for this run: {}", e.toString());
            return List.of();
        }
    }
}
