package org.provhooks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Secrets in the shapes they come in, each with the ordinary text next to it that must still be recorded, and a
 * search for any of them in every file written and every log line. Shared by the adapters' secret tests.
 *
 * <!-- given: Path outputDir, String consoleText | import static org.junit.jupiter.api.Assertions.assertEquals -->
 * <pre>{@code
 * Map<String, Object> params = SecretCorpus.nestedParameters();
 * // ... run the engine with them ...
 * assertEquals(List.of(), SecretCorpus.leaks(List.of(outputDir), consoleText));
 * }</pre>
 */
public final class SecretCorpus {
    /** One shape: the value as it is given, the secret inside it, and a part of it that must stay visible. */
    public record Shape(String name, String value, String secret, String kept) {}

    public static final List<Shape> VALUE_SHAPES = List.of(
            new Shape("url", "https://alice:UrlPw-7f3k2@db.example.org/data", "UrlPw-7f3k2", "db.example.org"),
            new Shape("bearer", "Bearer eyJhbGciOiJIUzI1NiJ9.bearerPayload91", "bearerPayload91", "Bearer"),
            new Shape("basic", "Basic YWxpY2U6YmFzaWMtcHctNzc=", "YWxpY2U6YmFzaWMtcHctNzc", "Basic"),
            new Shape(
                    "pem",
                    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqPemBody55\n-----END PRIVATE KEY-----",
                    "MIIEvQIBADANBgkqPemBody55",
                    "REDACTED"),
            new Shape(
                    "connection",
                    "Server=sql.example.org;User Id=sa;Password=ConnPw-4411;",
                    "ConnPw-4411",
                    "sql.example.org"),
            new Shape(
                    "json",
                    "{\"host\": \"h1.example.org\", \"password\": \"JsonPw-3390\"}",
                    "JsonPw-3390",
                    "h1.example.org"),
            new Shape("cli", "run main.nf --db_password CliPw-8125 --rows 5", "CliPw-8125", "--rows 5"));

    /** A secret that is only secret by its name, nested: {@code db.password}. */
    public static final String NESTED_SECRET = "NestedPw-6021";

    /** A secret under a name segment that looks secret: {@code aws.secret_access_key}. */
    public static final String SEGMENT_SECRET = "AKIAsegmentSecret4417";

    private SecretCorpus() {}

    /** Every secret string of the corpus. */
    public static List<String> secrets() {
        List<String> out = new ArrayList<>();
        VALUE_SHAPES.forEach(s -> out.add(s.secret()));
        out.add(NESTED_SECRET);
        out.add(SEGMENT_SECRET);
        return out;
    }

    /**
     * Parameters as a pipeline would have them: {@code db} with host and password, {@code aws.secret_access_key},
     * and one entry per value shape under {@code shapes}.
     */
    public static Map<String, Object> nestedParameters() {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("host", "db.example.org");
        db.put("password", NESTED_SECRET);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("region", "eu-west-1");
        aws.put("secret_access_key", SEGMENT_SECRET);
        Map<String, Object> shapes = new LinkedHashMap<>();
        VALUE_SHAPES.forEach(s -> shapes.put(s.name(), s.value()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("db", db);
        params.put("aws", aws);
        params.put("shapes", shapes);
        return params;
    }

    /**
     * Where a secret of the corpus was found: every regular file under {@code dirs} (read as UTF-8 text, binary files
     * included) and every text in {@code logs}. Empty when nothing leaked.
     */
    public static List<String> leaks(List<Path> dirs, String... logs) {
        List<String> found = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    for (String s : secrets()) {
                        if (text.contains(s)) {
                            found.add(s + " in " + f);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (int i = 0; i < logs.length; i++) {
            for (String s : secrets()) {
                if (logs[i] != null && logs[i].contains(s)) {
                    found.add(s + " in log " + i);
                }
            }
        }
        return found;
    }
}
