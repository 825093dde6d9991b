package org.marrowj.pipeline;

import java.io.File;
import java.nio.file.Files;
import java.util.Locale;

import org.marrowj.command.CohortSubjects;

/**
 * Throughput of a cohort of femur phantoms (153.6 mm field across, 2 mm slices) with 1 and 2 threads
 * (subjects in parallel), from scratch. Run with
 * {@code java -cp target/test-classes:target/classes:$(cat target/classpath.txt) org.marrowj.pipeline.CohortBench [subjects [nx ny nz]]} (default 8 subjects of 96 96 20)
 */
public final class CohortBench {

	public static void main(final String[] args) throws Exception {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
		final int[] size = args.length >= 4 ? new int[] { Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(
			args[3]) } : new int[] { 96, 96, 20 };
		final File dir = Files.createTempDirectory("cohort-bench").toFile();
		final StringBuilder m = new StringBuilder("subject,ct\n");
		for (int k = 1; k <= n; k++) {
			final org.marrowj.phantom.FemurOptions o = new org.marrowj.phantom.FemurOptions();
			o.size(size[0], size[1], size[2]).spacing(153.6 / size[0], 153.6 / size[0], 2.0);
			o.seed = k;
			org.marrowj.phantom.Phantoms.write(org.marrowj.phantom.Phantoms.femur(o), new File(dir, "data"), "s" + k);
			m.append("s").append(k).append(",data/s").append(k).append(".nii.gz\n");
		}
		final File manifest = new File(dir, "manifest.csv");
		Files.write(manifest.toPath(), m.toString().getBytes("UTF-8"));
		for (final int threads : new int[] { 1, 2, 1, 2 }) {
			final Cohort.Settings s = new Cohort.Settings();
			s.manifest = manifest;
			s.out = new File(dir, "out" + threads + "_" + System.nanoTime());
			s.threads = threads;
			final Cohort.Result r = Cohort.run(s, new CohortSubjects(), null);
			System.out.printf(Locale.ROOT, "threads %d: %d subjects in %.2f s = %.1f subjects/min%n", threads, r.processed.size(),
				r.seconds, r.processed.size() / r.seconds * 60);
		}
	}
}
