package org.provhooks.nextflow;

import nextflow.plugin.BasePlugin;
import org.pf4j.PluginWrapper;

/**
 * The nf-provhooks plugin. Enable it in {@code nextflow.config}:
 *
 * <pre>
 * plugins { id 'nf-provhooks@0.1.0' }
 * provhooks { file = "results/provenance.json" }   // optional; see README for every setting
 * </pre>
 *
 * Its only extension is {@link ProvHooksObserverFactory} (listed in {@code META-INF/extensions.idx}).
 */
public class ProvHooksPlugin extends BasePlugin {
    public ProvHooksPlugin(PluginWrapper wrapper) {
        super(wrapper);
    }
}
