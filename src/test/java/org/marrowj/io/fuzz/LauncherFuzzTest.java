package org.marrowj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.io.Limits;
import org.marrowj.io.fuzz.Seeds.Format;
import org.marrowj.io.fuzz.Seeds.Seed;

/**
 * Mutated NIfTI and DICOM inputs through the headless launcher's {@code Image Info}: as processes of
 * {@code bin/marrowj} and in this JVM through {@link Main#run}. Every run ends with exit 0 (one JSON
 * object on standard output) or 2 (nothing on standard output, one line on standard error naming
 * the input, no stack trace), within a time limit; never 1 (internal error), never a crash.
 */
class LauncherFuzzTest {

	private static final File ROOT = new File(System.getProperty("user.dir"));
	private static final File SCRIPT = new File(ROOT, "bin/marrowj");
	/** Inputs run as processes, and in this JVM (the latter: system property {@value #IN_PROCESS_PROPERTY}). */
	static final int PROCESS_INPUTS = 40, IN_PROCESS_INPUTS = 150;
	static final String IN_PROCESS_PROPERTY = "marrowj.fuzz.launcherInputs";
	private static final long PROCESS_TIMEOUT_S = 90, IN_PROCESS_TIMEOUT_S = 30;

	@TempDir
	Path tmp;

	/** One input on disk: the recipe and the path to give as {@code path}. */
	private static final class Case {
		final Recipe recipe;
		final File path;

		Case(final Recipe recipe, final File path) {
			this.recipe = recipe;
			this.path = path;
		}
	}

	/** {@code n} inputs drawn deterministically from {@code seed}, NIfTI and DICOM alternating; every other with the reduced cap. */
	private List<Case> corpus(final int n, final long seed) throws IOException {
		final Seeds seeds = Seeds.load(tmp);
		final Mutator m = new Mutator(seed, 64L << 20);
		final List<Seed> nifti = seeds.of(Format.NIFTI), dicom = seeds.of(Format.DICOM);
		final List<Case> cases = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			final Seed s = m.seed(i % 2 == 0 ? nifti : dicom);
			final Recipe r = m.next(s, m.kind(s));
			if (i % 4 >= 2) r.cap = FuzzRunner.REDUCED_CAP;
			cases.add(new Case(r, FuzzRunner.materialize(s, r, r.apply(s.bytes), tmp.resolve("in" + i))));
		}
		return cases;
	}

	@Test
	void imageInfoProcessesEndWithExit0Or2AndOneLine() throws Exception {
		assumeTrue(SCRIPT.canExecute(), "bin/marrowj not found or not executable at " + SCRIPT + "; skipping");
		final boolean built = new File(ROOT, "target/classes/org/marrowj/Main.class").isFile() &&
			(new File(ROOT, "target/classpath.txt").isFile() || new File(ROOT, "target/lib").isDirectory());
		final String testCp = System.getProperty("surefire.test.class.path");
		// the launcher build when present, else this test JVM's class path (given to the script as MARROWJ_CLASSPATH)
		assumeTrue(built || testCp != null && testCp.contains("scijava-common"),
			"no launcher build (target/classes with target/classpath.txt or target/lib) and no test class path; skipping");
		final List<Case> cases = corpus(PROCESS_INPUTS, 7L);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final List<Future<String>> results = new ArrayList<>();
			for (final Case c : cases)
				results.add(pool.submit(() -> process(c, built ? null : testCp)));
			final List<String> problems = new ArrayList<>();
			int ok = 0, bad = 0;
			for (int i = 0; i < cases.size(); i++) {
				final String p = results.get(i).get();
				if (p.equals("0")) ok++;
				else if (p.equals("2")) bad++;
				else problems.add(p + "\n" + cases.get(i).recipe.format());
			}
			System.out.println("launcher processes: " + ok + " exit 0, " + bad + " exit 2, " + problems.size() + " other");
			assertTrue(problems.isEmpty(), String.join("\n", problems));
			assertTrue(ok > 0 && bad > 0, ok + " exit 0, " + bad + " exit 2");
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** "0" or "2" when the run kept the contract, else what went wrong. */
	private static String process(final Case c, final String classPath) throws IOException, InterruptedException {
		final File dir = Files.createTempDirectory(c.path.toPath().getParent().getParent(), "run").toFile();
		final List<String> cmd = Arrays.asList("bash", SCRIPT.getPath(), "--run", "Image Info", "path='" + c.path.getPath() + "'");
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir);
		final Map<String, String> env = pb.environment();
		env.remove("MARROWJ_DEBUG");
		if (classPath == null) env.remove("MARROWJ_CLASSPATH");
		else env.put("MARROWJ_CLASSPATH", classPath);
		env.put("MARROWJ_JAVA_OPTS", "-Xmx512m" + (c.recipe.cap == null ? "" : " -D" + Limits.MAX_VOXELS_PROPERTY + "=" + c.recipe.cap));
		if (!env.containsKey("JAVA") && System.getProperty("java.home") != null)
			env.put("JAVA", new File(System.getProperty("java.home"), "bin/java").getPath());
		final File out = new File(dir, "stdout.txt"), err = new File(dir, "stderr.txt");
		pb.redirectOutput(out).redirectError(err);
		final Process p = pb.start();
		if (!p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)) {
			p.destroyForcibly().waitFor();
			return "no exit within " + PROCESS_TIMEOUT_S + " s";
		}
		final LauncherRun r = new LauncherRun(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
			Files.readString(err.toPath(), StandardCharsets.UTF_8));
		FuzzRunner.deleteTree(dir);
		return judge(r, c);
	}

	private static String judge(final LauncherRun r, final Case c) {
		try {
			if (r.err.contains("Exception in thread") || r.err.contains("\tat ")) return "stack trace on standard error: " + r;
			if (r.code == Main.OK) {
				r.assertOneJsonObject();
				return "0";
			}
			if (r.code == Main.BAD_INPUT) {
				r.assertFailure(Main.BAD_INPUT, c.path.getPath());
				return "2";
			}
			return "exit " + r.code + ": " + r;
		}
		catch (final AssertionError e) {
			return e.getMessage();
		}
	}

	@Test
	void imageInfoInProcessEndsWithExit0Or2AndOneLine() throws Exception {
		final List<Case> cases = corpus(Integer.getInteger(IN_PROCESS_PROPERTY, IN_PROCESS_INPUTS), 11L);
		final ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "marrowj-fuzz-launcher");
			t.setDaemon(true);
			return t;
		});
		final List<String> problems = new ArrayList<>();
		int ok = 0, bad = 0;
		try {
			for (final Case c : cases) {
				final Future<LauncherRun> f = exec.submit(() -> {
					final String saved = System.getProperty(Limits.MAX_VOXELS_PROPERTY);
					if (c.recipe.cap != null) System.setProperty(Limits.MAX_VOXELS_PROPERTY, c.recipe.cap.toString());
					try {
						return LauncherRun.inProcess("--run", "Image Info", "path='" + c.path.getPath() + "'");
					}
					finally {
						if (saved == null) System.clearProperty(Limits.MAX_VOXELS_PROPERTY);
						else System.setProperty(Limits.MAX_VOXELS_PROPERTY, saved);
					}
				});
				final LauncherRun r;
				try {
					r = f.get(IN_PROCESS_TIMEOUT_S, TimeUnit.SECONDS);
				}
				catch (final TimeoutException e) {
					fail("no result within " + IN_PROCESS_TIMEOUT_S + " s:\n" + c.recipe.format());
					return;
				}
				final String p = judge(r, c);
				if (p.equals("0")) ok++;
				else if (p.equals("2")) bad++;
				else problems.add(p + "\n" + c.recipe.format());
			}
		}
		finally {
			exec.shutdownNow();
		}
		System.out.println("launcher in process: " + ok + " exit 0, " + bad + " exit 2, " + problems.size() + " other");
		assertTrue(problems.isEmpty(), problems.size() + " runs broke the contract:\n" + String.join("\n", problems));
		assertFalse(ok == 0 || bad == 0, ok + " exit 0, " + bad + " exit 2");
	}
}
