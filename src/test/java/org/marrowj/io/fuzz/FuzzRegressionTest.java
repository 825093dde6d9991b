package org.marrowj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.io.fuzz.Seeds.Format;
import org.marrowj.io.fuzz.Seeds.Seed;

/**
 * Replays every input kept under {@code src/test/resources/fuzz-regressions/}: recipes
 * ({@code .recipe}: a seed and byte operations, see {@link Recipe}) and small mutated files kept as
 * they are ({@code .nii}, {@code .nii.gz}, {@code .dcm}). Each must pass the fuzz oracle
 * ({@link FuzzRunner}): a consistent image or a one-line {@link org.marrowj.BadInputException}
 * naming the file, within the time limit.
 */
class FuzzRegressionTest {

	@TempDir
	static Path tmp;

	private static Seeds seeds;
	private static FuzzRunner runner;

	@BeforeAll
	static void setUp() throws IOException {
		seeds = Seeds.load(tmp);
		runner = new FuzzRunner(seeds, tmp.resolve("work"));
	}

	@AfterAll
	static void tearDown() {
		if (runner != null) runner.close();
	}

	static File[] cases() throws URISyntaxException {
		final URL u = FuzzRegressionTest.class.getResource("/fuzz-regressions");
		final File[] files = u == null ? null : new File(u.toURI()).listFiles();
		if (files == null) return new File[0];
		Arrays.sort(files);
		return files;
	}

	@TestFactory
	List<DynamicTest> keptInputsPassTheOracle() throws URISyntaxException {
		final List<DynamicTest> tests = new ArrayList<>();
		for (final File f : cases()) {
			final String name = f.getName(), lower = name.toLowerCase(Locale.ROOT);
			if (lower.endsWith(".md")) continue;
			tests.add(DynamicTest.dynamicTest(name, () -> {
				final Recipe r;
				if (lower.endsWith(".recipe")) r = Recipe.parse(new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8));
				else {
					final Format format = lower.endsWith(".dcm") ? Format.DICOM : Format.NIFTI;
					final byte[] b = Files.readAllBytes(f.toPath());
					seeds.add(new Seed("file:" + name, format, b, null));
					r = new Recipe("file:" + name, "kept-file");
				}
				assumeTrue(seeds.get(r.seed) != null, "seed " + r.seed + " needs the shared real data, absent here; skipping");
				final FuzzRunner.Failure failure = runner.run(r);
				assertNull(failure, () -> failure.what + "\n" + r.format());
			}));
		}
		assertFalse(tests.isEmpty(), "no kept fuzz inputs found under fuzz-regressions");
		return tests;
	}
}
