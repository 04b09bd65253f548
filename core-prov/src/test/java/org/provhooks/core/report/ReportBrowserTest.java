package org.provhooks.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The report as a person sees it, in headless Chromium (Debian's chromium and chromium-driver) through Selenium: charts
 * drawn, the graph's nodes, a click on a task opens it, a click on its ML run shows the curves, no console errors, a
 * task named like markup shown as text, a screenshot of each view under {@code target/report-screenshots/}. Where
 * Chromium is not installed the tests say so in one line and do not run, unless {@code PROVHOOKS_REQUIRE_BROWSER} is
 * set (CI), where that is a failure.
 */
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private static ChromeDriver browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!installed && System.getenv("PROVHOOKS_REQUIRE_BROWSER") == null) {
            Assumptions.abort("browser tests not run: install chromium and chromium-driver (apt-get) to run them");
        }
        assertTrue(
                installed,
                "the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ")");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .build();
        browser = new ChromeDriver(service, o);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A run with a data chain, a failed and a cached task, a hostile task name, and an ML run per run. */
    private Path run(String name, int variant) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", name, "rnaseq", T0);
        rec.user("jdoe");
        rec.parameters(Map.of("lr", variant == 1 ? "0.1" : "0.01"));
        Path a = work.resolve("a.txt");
        Path b = work.resolve("b.txt");
        Files.writeString(a, "a");
        Files.writeString(b, "b");
        rec.task(TaskActivity.builder("1")
                .label("PREP (1)")
                .status("COMPLETED")
                .start(T0)
                .end(T0.plusSeconds(2))
                .attribute("process", "PREP")
                .attribute("realtime_ms", 2000L)
                .attribute("energy_j", 3.0)
                .output(DataRef.file(a))
                .build());
        rec.task(TaskActivity.builder("2")
                .label("TRAIN (1)")
                .status("COMPLETED")
                .start(T0.plusSeconds(2))
                .end(T0.plusSeconds(10))
                .attribute("process", "TRAIN")
                .attribute("realtime_ms", 8000L)
                .attribute("energy_j", variant == 1 ? 40.0 : 55.0)
                .input(DataRef.file(a))
                .output(DataRef.file(b))
                .build());
        rec.task(TaskActivity.builder("3")
                .label(HOSTILE)
                .status("FAILED")
                .start(T0.plusSeconds(10))
                .end(T0.plusSeconds(11))
                .attribute("process", "QC")
                .attribute("exit", 1)
                .input(DataRef.file(b))
                .build());
        rec.task(TaskActivity.builder("4")
                .label("REPORT (1)")
                .status("CACHED")
                .attribute("process", "REPORT")
                .build());
        Path ml;
        try (MlRun r = MlRun.start(work.resolve("ml"), "train", Clock.systemUTC(), Map.of())) {
            r.logParam("lr", variant == 1 ? 0.1 : 0.01);
            for (int e = 0; e < 5; e++) {
                r.logMetric("loss", 1.0 / (e + 1) / variant, MlRun.TRAINING, e);
                r.logMetric("acc", 0.5 + 0.08 * e * variant / 2, MlRun.VALIDATION, e);
            }
            ml = r.endRun();
        }
        rec.linkMlRun("2", ml);
        Path doc = work.resolve(name + ".prov.json");
        ProvJsonWriter.pretty().write(rec.finish(variant == 1 ? "Completed" : "Failed", T0.plusSeconds(12)), doc);
        return doc;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of("target", "report-screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void waitFor(String script) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Boolean.TRUE.equals(js(script))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen in 10 s: " + script);
            }
            Thread.sleep(100);
        }
    }

    /** Canvases of a chart that have something drawn (not all one colour). */
    private boolean drawn(String chartId) {
        return Boolean.TRUE.equals(
                js("var c = document.querySelector('#" + chartId + " canvas'); if (!c || !c.width) return false;"
                        + " var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " for (var i = 4; i < d.length; i += 4) { if (d[i] !== d[0] || d[i+1] !== d[1] || d[i+2] !== d[2] || d[i+3] !== d[3]) return true; }"
                        + " return false;"));
    }

    private List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    @Test
    void oneRunShowsItsGraphTimelineTasksAndMlRunAsAPersonSeesIt() throws Exception {
        Path html = RunReport.write(List.of(run("r1", 1)), dir.resolve("report.html"));
        browser.get(html.toUri().toString());
        waitFor("return !!document.querySelector('#task-graph canvas')");
        Thread.sleep(1500); // the force layout and the first frames
        assertTrue(drawn("task-graph"), "the task graph is drawn");
        assertTrue(drawn("timeline"), "the timeline is drawn");
        assertEquals(
                4L,
                js(
                        "return echarts.getInstanceByDom(document.getElementById('task-graph')).getOption().series[0].data.length"));
        // The hostile name is text: in the table as written, and no image element was made from it.
        assertEquals(0L, js("return document.querySelectorAll('img').length"));
        assertTrue(browser.findElements(By.cssSelector("tr.row td")).stream()
                .anyMatch(td -> td.getText().equals(HOSTILE)));
        screenshot("run");

        // A click on a task opens it, with its files and its ML run; the way back up is in the crumbs.
        WebElement train = browser.findElements(By.cssSelector("tr.row")).stream()
                .filter(r -> r.getText().startsWith("TRAIN (1)"))
                .findFirst()
                .orElseThrow();
        train.click();
        waitFor("return document.querySelector('nav#crumbs span.here').textContent === 'TRAIN (1)'");
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("a.txt"));
        screenshot("task");
        browser.findElements(By.cssSelector("tr.row")).stream()
                .filter(r -> r.getText().startsWith("train_GR0_0"))
                .findFirst()
                .orElseThrow()
                .click();
        waitFor("return !!document.querySelector('#ml-curves canvas')");
        Thread.sleep(800);
        assertTrue(drawn("ml-curves"), "the ML run's curves are drawn");
        assertEquals(
                2L,
                js("return echarts.getInstanceByDom(document.getElementById('ml-curves')).getOption().series.length"));
        screenshot("ml-run");
        browser.findElements(By.cssSelector("nav#crumbs a")).get(1).click();
        waitFor("return !!document.querySelector('#task-graph canvas')");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void severalRunsShowTheTradeOffAndPerStepComparisons() throws Exception {
        Path html = RunReport.write(List.of(run("r1", 1), run("r2", 2)), dir.resolve("report.html"));
        browser.get(html.toUri().toString());
        waitFor("return !!document.querySelector('#tradeoff canvas')");
        Thread.sleep(1000);
        assertTrue(drawn("tradeoff"), "the trade-off view is drawn");
        assertTrue(drawn("steps"), "the per-step comparison is drawn");
        assertEquals(
                2L,
                js("var o = echarts.getInstanceByDom(document.getElementById('tradeoff')).getOption();"
                        + " return o.series.reduce(function (n, s) { return n + s.data.length; }, 0)"));
        // Colour by the learning rate: one series per value.
        js("var s = document.getElementById('tradeoff-param'); s.value = 'lr'; s.dispatchEvent(new Event('change'));");
        assertEquals(
                2L,
                js("return echarts.getInstanceByDom(document.getElementById('tradeoff')).getOption().series.length"));
        screenshot("runs");
        assertEquals(List.of(), consoleErrors());
    }

    private Object graphNodes() {
        return js(
                "return echarts.getInstanceByDom(document.getElementById('task-graph')).getOption().series[0].data.length");
    }

    /** Above 300 tasks the graph has one node per step; a click on a step shows its tasks in place. */
    @Test
    void aLargeRunsGraphGroupsTasksByStepAndAClickExpandsOne() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "big", "big", T0);
        for (int i = 0; i < 320; i++) {
            rec.task(TaskActivity.builder(Integer.toString(i))
                    .label((i < 300 ? "MAP" : "REDUCE") + " (" + i + ")")
                    .status("COMPLETED")
                    .start(T0.plusSeconds(i))
                    .end(T0.plusSeconds(i + 1))
                    .attribute("process", i < 300 ? "MAP" : "REDUCE")
                    .build());
        }
        Path doc = Files.createDirectories(dir.resolve("big")).resolve("big.prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Completed", T0.plusSeconds(400)), doc);
        browser.get(
                RunReport.write(List.of(doc), dir.resolve("big.html")).toUri().toString());
        waitFor("return !!document.querySelector('#task-graph canvas')");
        assertEquals(2L, graphNodes());
        Thread.sleep(1500); // the force layout settles
        // Click REDUCE's node where it is drawn: its 20 tasks replace it.
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) js("var c = echarts.getInstanceByDom(document.getElementById('task-graph'));"
                + " var d = c.getModel().getSeriesByIndex(0).getData(); var i = d.indexOfName('REDUCE');"
                + " var p = d.getItemLayout(i); var q = c.convertToPixel({seriesIndex: 0}, [p[0], p[1]]);"
                + " var r = document.querySelector('#task-graph canvas').getBoundingClientRect();"
                + " return [q[0] - r.width / 2, q[1] - r.height / 2];");
        WebElement canvas = browser.findElement(By.cssSelector("#task-graph canvas"));
        new org.openqa.selenium.interactions.Actions(browser)
                .moveToElement(canvas, at.get(0).intValue(), at.get(1).intValue())
                .click()
                .perform();
        waitFor(
                "return echarts.getInstanceByDom(document.getElementById('task-graph')).getOption().series[0].data.length === 21");
        screenshot("large-run-expanded");
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * Two tasks of two steps, as Nextflow's {@code tests/basic-dsl2.nf} runs them: this shape once broke the graph
     * (categories were given by name), found by opening reports of Nextflow's own test pipelines.
     */
    @Test
    void aTwoStepRunRendersEverySection() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "basic", "basic", T0);
        Path f = Files.createDirectories(dir.resolve("basic")).resolve("seq.fa");
        Files.writeString(f, ">s");
        rec.task(TaskActivity.builder("1")
                .label("splitSequences")
                .status("COMPLETED")
                .start(T0)
                .end(T0.plusMillis(6))
                .attribute("process", "splitSequences")
                .attribute("exit", 0)
                .output(DataRef.file(f))
                .build());
        rec.task(TaskActivity.builder("2")
                .label("reverse")
                .status("COMPLETED")
                .start(T0.plusMillis(100))
                .end(T0.plusMillis(164))
                .attribute("process", "reverse")
                .attribute("exit", 0)
                .input(DataRef.file(f))
                .build());
        Path doc = dir.resolve("basic/basic.prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Completed", T0.plusSeconds(1)), doc);
        browser.get(
                RunReport.write(List.of(doc), dir.resolve("basic.html")).toUri().toString());
        waitFor("return document.querySelectorAll('section').length >= 4");
        assertEquals(List.of(), consoleErrors());
        assertEquals(2L, graphNodes());
        // A task that succeeded has no error, though Nextflow recorded its exit status 0.
        assertTrue(!browser.findElement(By.tagName("main")).getText().contains("exit status"));
    }
}
