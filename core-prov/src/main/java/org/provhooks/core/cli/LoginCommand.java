package org.provhooks.core.cli;

import java.util.concurrent.Callable;
import org.provhooks.core.yprov.YProvApi;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvDetector;
import org.provhooks.core.yprov.YProvStoreClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code provhooks login}: checks that the configured credentials work. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Check the yProv URL and credentials by logging in (the v0 service or yProvStore).")
final class LoginCommand implements Callable<Integer> {
    @Mixin
    YProvOptions yprov;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ProvHooksCli parent;

    @Override
    public Integer call() throws Exception {
        YProvConfig cfg = yprov.resolve(parent.env());
        if (YProvDetector.detect(cfg) == YProvApi.STORE) {
            YProvStoreClient store = new YProvStoreClient(cfg);
            if (cfg.user() != null && cfg.password() != null) {
                store.login();
            }
            String email = store.verify();
            spec.commandLine()
                    .getOut()
                    .println("logged in to yProvStore at " + cfg.server() + " as "
                            + (email == null ? cfg.user() : email));
            return 0;
        }
        YProvClient client = new YProvClient(cfg);
        if (cfg.user() != null && cfg.password() != null) {
            client.login();
            spec.commandLine()
                    .getOut()
                    .println("logged in to the yProv v0 service at " + cfg.apiBase() + " as " + cfg.user());
        } else {
            spec.commandLine()
                    .getOut()
                    .println("reached " + cfg.apiBase() + " (" + client.list().size()
                            + " documents); a token is configured, it is checked on the first upload");
        }
        return 0;
    }
}
