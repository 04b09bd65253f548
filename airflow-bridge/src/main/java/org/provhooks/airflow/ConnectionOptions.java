package org.provhooks.airflow;

import java.util.Map;
import java.util.Properties;
import org.provhooks.core.config.ConfigException;
import org.provhooks.core.config.ConfigFile;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How the bridge's commands reach Airflow: URL, user and API generation; secrets from the environment or the config file. */
final class ConnectionOptions {
    @Option(
            names = "--airflow-url",
            paramLabel = "URL",
            description = "Airflow base URL (default: $PROVHOOKS_AIRFLOW_URL)")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Airflow user (default: $PROVHOOKS_AIRFLOW_USER)")
    String user;

    @Option(
            names = "--api",
            paramLabel = "VERSION",
            description = "v2 (Airflow 3) or v1 (Airflow 2); default: detected")
    String api;

    AirflowConnection open(Map<String, String> env, CommandLine cl) throws AirflowException {
        Properties file = configFile(env, cl);
        String u = url != null ? url : env.getOrDefault(AirflowBridgeCli.ENV_URL, file.getProperty("airflow.url"));
        if (u == null) {
            throw new CommandLine.ParameterException(cl, "give --airflow-url or set " + AirflowBridgeCli.ENV_URL);
        }
        AirflowConnection.ApiVersion version = api == null
                ? null
                : switch (api.toLowerCase()) {
                    case "v2", "2", "3" -> AirflowConnection.ApiVersion.V2;
                    case "v1", "1" -> AirflowConnection.ApiVersion.V1;
                    default ->
                        throw new CommandLine.ParameterException(
                                cl, "--api must be v2 (Airflow 3) or v1 (Airflow 2), not '" + api + "'");
                };
        return AirflowConnection.open(
                u,
                user != null ? user : env.getOrDefault(AirflowBridgeCli.ENV_USER, file.getProperty("airflow.user")),
                env.getOrDefault(AirflowBridgeCli.ENV_PASSWORD, file.getProperty("airflow.password")),
                env.getOrDefault(AirflowBridgeCli.ENV_TOKEN, file.getProperty("airflow.token")),
                version);
    }

    boolean hasConfiguredUrl(Map<String, String> env, CommandLine cl) {
        return configFile(env, cl).getProperty("airflow.url") != null;
    }

    private static Properties configFile(Map<String, String> env, CommandLine cl) {
        try {
            return ConfigFile.load(env);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
