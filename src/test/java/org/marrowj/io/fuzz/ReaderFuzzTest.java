package org.marrowj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.io.fuzz.Seeds.Format;
import org.marrowj.io.fuzz.Seeds.Seed;

/**
 * Mutation fuzzing of the NIfTI and DICOM readers (see {@link FuzzRunner} for the oracle). The
 * number of inputs is the system property {@value #ITERATIONS} (default {@value #DEFAULT_ITERATIONS}),
 * the random seed {@value #SEED}; every third input runs with the reduced voxel cap
 * {@link FuzzRunner#REDUCED_CAP}, the others with the default cap tied to the heap. Failing
 * inputs are written as recipes to {@code target/fuzz-failures/} and listed in the assertion.
 */
class ReaderFuzzTest {

	static final String ITERATIONS = "marrowj.fuzz.iterations";
	static final String SEED = "marrowj.fuzz.seed";
	static final int DEFAULT_ITERATIONS = 3000;

	@TempDir
	Path tmp;

	@Test
	void mutatedFilesGiveAConsistentImageOrBadInputOnly() throws IOException {
		final int n = Integer.getInteger(ITERATIONS, DEFAULT_ITERATIONS);
		final long seed = Long.getLong(SEED, 20261122L);
		final Seeds seeds = Seeds.load(tmp);
		if (!seeds.missing.isEmpty()) System.out.println("fuzz: real seeds absent, synthetic only for them: " + seeds.missing);
		// the largest gzip or deflate bomb: 4 GB of zeros in the on-demand run, 64 MB in the quick one
		final Mutator m = new Mutator(seed, n > DEFAULT_ITERATIONS ? 4L << 30 : 64L << 20);
		final List<Seed> nifti = seeds.of(Format.NIFTI), dicom = seeds.of(Format.DICOM);
		final long t0 = System.nanoTime();
		try (FuzzRunner runner = new FuzzRunner(seeds, tmp.resolve("work"))) {
			for (int i = 0; i < n; i++) {
				final Format f = i % 2 == 0 ? Format.NIFTI : Format.DICOM;
				final Seed s = m.seed(f == Format.NIFTI ? nifti : dicom);
				final Recipe r = m.next(s, m.kind(s));
				if (i % 3 == 2) r.cap = FuzzRunner.REDUCED_CAP;
				runner.run(r);
			}
			final String report = runner.report(System.nanoTime() - t0);
			System.out.println("fuzz: " + n + " inputs, seed " + seed + "\n" + report);
			if (!runner.failures.isEmpty()) runner.saveFailures(new File("target/fuzz-failures"));
			assertTrue(runner.failures.isEmpty(), runner.failures.size() + " failing inputs (recipes in target/fuzz-failures):\n" + report);
			long read = 0, refused = 0;
			for (final long[] c : runner.counts.values()) {
				read += c[1];
				refused += c[2];
			}
			// the mutations neither all break the files nor all miss
			assertTrue(read > n / 20 && refused > n / 4, read + " read, " + refused + " refused");
		}
	}
}
