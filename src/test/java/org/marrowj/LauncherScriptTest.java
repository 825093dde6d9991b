package org.marrowj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/marrowj} as a process, started from a folder other than the project's. */
class LauncherScriptTest {

	private static final File ROOT = new File(System.getProperty("user.dir"));
	private static final File SCRIPT = new File(ROOT, "bin/marrowj");

	/** Runs the script in {@code cwd}; {@code classPath} null = the build's own lookup. */
	private static LauncherRun script(final File script, final File cwd, final String classPath, final String... args)
		throws IOException, InterruptedException
	{
		final List<String> cmd = new ArrayList<>();
		cmd.add("bash");
		cmd.add(script.getPath());
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd);
		final Map<String, String> env = pb.environment();
		env.remove("MARROWJ_DEBUG");
		env.remove("MARROWJ_JAVA_OPTS");
		if (classPath == null) env.remove("MARROWJ_CLASSPATH");
		else env.put("MARROWJ_CLASSPATH", classPath);
		if (!env.containsKey("JAVA") && System.getProperty("java.home") != null)
			env.put("JAVA", new File(System.getProperty("java.home"), "bin/java").getPath());
		final File out = new File(cwd, "stdout.txt"), err = new File(cwd, "stderr.txt");
		pb.redirectOutput(out).redirectError(err);
		final Process p = pb.start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher finished within 2 minutes");
		final LauncherRun r = new LauncherRun(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(
			err.toPath(), StandardCharsets.UTF_8));
		Files.delete(out.toPath());
		Files.delete(err.toPath());
		return r;
	}

	/** The test JVM's class path (main and test classes, dependencies). */
	private static String testClassPath() {
		final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		assumeTrue(cp != null && cp.contains("scijava-common"), "no usable test class path; skipping");
		return cp;
	}

	@Test
	void exitCodesAndStreamsOfTheProcess(@TempDir final Path cwd) throws Exception {
		assumeTrue(SCRIPT.canExecute(), "bin/marrowj not found or not executable at " + SCRIPT);
		final String cp = testClassPath();
		final File dir = cwd.toFile();

		final LauncherRun help = script(SCRIPT, dir, cp, "--help");
		assertEquals(0, help.code, help::toString);
		assertTrue(help.out.contains("Image Info"), help.out);

		final File missing = new File(dir, "missing-ct");
		script(SCRIPT, dir, cp, "--run", "Image Info", "path='" + missing.getPath() + "'").assertFailure(2, missing.getPath());
		script(SCRIPT, dir, cp, "--run", "Generate Test Phantom", "out='" + dir + "',seed='abc'").assertFailure(2, "seed");
		script(SCRIPT, dir, cp, "--run", "Launcher Test Throw").assertFailure(1, "boom in the algorithm");

		final LauncherRun ok = script(SCRIPT, dir, cp, "--run", "Launcher Test Typed", "path='relative/ct',count=9");
		assertEquals(9, ok.assertOneJsonObject().get("count").getAsInt());
		assertTrue(ok.err.contains("noise that must not reach standard output"), ok.toString());
	}

	@Test
	void findsTheBuildFromAnyFolderAndThroughASymlink(@TempDir final Path cwd) throws Exception {
		assumeTrue(SCRIPT.canExecute(), "bin/marrowj not found or not executable at " + SCRIPT);
		final File target = new File(ROOT, "target");
		final File lib = new File(target, "lib"), classPathFile = new File(target, "classpath.txt");
		assumeTrue(lib.isDirectory() || classPathFile.isFile(), "the build's class path (" + classPathFile + " or " + lib +
			") is missing; run the README's set-up to test bin/marrowj on it; skipping");
		final LauncherRun help = script(SCRIPT, cwd.toFile(), null, "--help", "Image Info");
		assertEquals(0, help.code, help::toString);
		assertTrue(help.out.startsWith("Image Info"), help.out);

		final Path link = cwd.resolve("marrowj-link");
		Files.createSymbolicLink(link, SCRIPT.toPath());
		final LauncherRun viaLink = script(link.toFile(), cwd.toFile(), null, "--run", "Image Infoo");
		viaLink.assertFailure(2, "unknown command");
	}

	@Test
	void missingBuildSaysWhatToRun(@TempDir final Path tree) throws Exception {
		assumeTrue(SCRIPT.canExecute(), "bin/marrowj not found or not executable at " + SCRIPT);
		final Path bin = Files.createDirectories(tree.resolve("project/bin"));
		final Path copy = Files.copy(SCRIPT.toPath(), bin.resolve("marrowj"));
		final Path cwd = Files.createDirectories(tree.resolve("elsewhere"));
		script(copy.toFile(), cwd.toFile(), null, "--help").assertFailure(2, "not built", "mvn", "dependency:build-classpath");
	}
}
