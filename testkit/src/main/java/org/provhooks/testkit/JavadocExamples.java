package org.provhooks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the examples in Javadoc comments, so an example never shows a method that does not exist or takes other
 * arguments. An example is a {@code pre} block holding a {@code code} tag; it is compiled as the body of a method in the
 * documented class's package, with that file's imports. Names the example takes as given are declared in an HTML
 * comment just before it, which Javadoc does not show:
 *
 * <pre>
 * &lt;!-- given: Document doc, Instant t0 --&gt;
 * </pre>
 *
 * Classes the example names but its file does not import follow a bar: {@code <!-- given: String[] args | import
 * org.apache.beam.sdk.Pipeline -->}. A block that is not Java (a Nextflow config, a shell line) is marked
 * {@code <!-- not java -->}.
 *
 * <pre>{@code
 * List<String> errors = JavadocExamples.compile(Path.of("src/main/java"), System.getProperty("java.class.path"));
 * }</pre>
 */
public final class JavadocExamples {
    private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern EXAMPLE =
            Pattern.compile("(?:<!--\\s*(given:.*?|not java)\\s*-->\\s*)?<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+[^;]+;", Pattern.MULTILINE);
    private static final String COMMON_IMPORTS = "import java.io.*; import java.nio.file.*; import java.time.*;"
            + " import java.util.*; import java.util.concurrent.*; import java.net.*;";

    /** One example: where it is and the wrapper class that holds it. */
    record Example(Path file, int line, String className, String source) {}

    private JavadocExamples() {}

    /**
     * Compiles every example under {@code sourceRoot} against {@code classpath}.
     *
     * @return one line per compile error, {@code File.java:line: message}; empty when all compile
     */
    public static List<String> compile(Path sourceRoot, String classpath) {
        List<Example> examples = find(sourceRoot);
        if (examples.isEmpty()) {
            return List.of();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        for (Example e : examples) {
            units.add(new Source(e));
        }
        try {
            Path out = Files.createTempDirectory("javadoc-examples");
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
                javac.getTask(
                                null,
                                files,
                                diagnostics,
                                List.of("-classpath", classpath, "-d", out.toString(), "-proc:none", "-nowarn"),
                                null,
                                units)
                        .call();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            if (d.getSource() instanceof Source s) {
                String code = s.example
                        .source()
                        .lines()
                        .skip(d.getLineNumber() - 1)
                        .findFirst()
                        .orElse("")
                        .trim();
                errors.add(s.example.file().getFileName() + ":" + s.example.line() + ": "
                        + String.join(
                                " ",
                                d.getMessage(Locale.ROOT)
                                        .lines()
                                        .map(String::trim)
                                        .toList()) + " in `"
                        + code + "`");
            } else {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    /** How many examples {@link #compile} checks under {@code sourceRoot}. */
    public static int count(Path sourceRoot) {
        return find(sourceRoot).size();
    }

    /** The examples of every {@code .java} file under {@code sourceRoot}. */
    static List<Example> find(Path sourceRoot) {
        List<Example> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                examples(f, Files.readString(f), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void examples(Path file, String text, List<Example> out) {
        Matcher pkg = PACKAGE.matcher(text);
        String packageLine = pkg.find() ? "package " + pkg.group(1) + ";" : "";
        StringBuilder imports = new StringBuilder();
        Matcher im = IMPORT.matcher(text);
        while (im.find()) {
            imports.append(im.group()).append(' ');
        }
        Matcher comment = COMMENT.matcher(text);
        while (comment.find()) {
            String body = comment.group(1).replaceAll("(?m)^\\s*\\* ?", "");
            Matcher ex = EXAMPLE.matcher(body);
            while (ex.find()) {
                String marker = ex.group(1);
                if ("not java".equals(marker)) {
                    continue;
                }
                String given = marker == null
                        ? ""
                        : marker.substring("given:".length()).trim();
                String extraImports = "";
                int bar = given.indexOf('|');
                if (bar >= 0) {
                    for (String name : given.substring(bar + 1)
                            .replaceFirst("^\\s*import", "")
                            .split(",")) {
                        extraImports += "import " + name.trim() + "; ";
                    }
                    given = given.substring(0, bar).trim();
                }
                int line = lineOf(text, comment.start()) + lineOf(body, ex.start(2)) - 1;
                String className =
                        "JavadocExample_" + file.getFileName().toString().replace(".java", "") + "_" + line;
                String code = ex.group(2)
                        .replace("&#64;", "@")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&");
                String source = packageLine + "\n" + imports + extraImports + COMMON_IMPORTS + "\n"
                        + "@SuppressWarnings(\"all\") class " + className + " {\n"
                        + "  void example(" + given + ") throws Throwable {\n" + code + "\n  }\n}\n";
                out.add(new Example(file, line, className, source));
            }
        }
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static final class Source extends SimpleJavaFileObject {
        final Example example;

        Source(Example example) {
            super(URI.create("string:///" + example.className() + ".java"), Kind.SOURCE);
            this.example = example;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return example.source();
        }
    }
}
