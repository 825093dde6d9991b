package org.marrowj.pipeline;

import java.io.File;
import java.nio.file.Files;
import java.util.Locale;

import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

/**
 * Wall time of a whole {@code bin/marrowj --run "Analyze Subject"} process (JVM start, read,
 * segment, statistics, every output written) on a 512x512x300 femur phantom stored as .nii.gz
 * (int16, as the generator writes integer HU), and the in-process pipeline time. Not a test.
 * Needs the build (target/classes and target/classpath.txt):
 * {@code java -cp target/test-classes:target/classes:$(cat target/classpath.txt) org.marrowj.pipeline.AnalyzeSubjectBench [runs]}
 */
public final class AnalyzeSubjectBench {

	public static void main(final String[] args) throws Exception {
		final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		final File dir = Files.createTempDirectory("marrowj-bench").toFile();
		long t = System.nanoTime();
		final Phantom p = Phantoms.generate("femur", new int[] { 512, 512, 300 }, 1);
		Phantoms.write(p, dir, "femur");
		final File ct = new File(dir, "femur.nii.gz");
		System.out.printf(Locale.ROOT, "phantom 512x512x300 (78.6 Mvoxel) generated and written in %.1f s; %s %.1f MB%n",
			(System.nanoTime() - t) / 1e9, ct.getName(), ct.length() / 1e6);
		final File bin = new File("bin/marrowj").getAbsoluteFile();
		double best = Double.MAX_VALUE, sum = 0;
		for (int run = 1; run <= runs; run++) {
			final File out = new File(dir, "out_" + run);
			final ProcessBuilder pb = new ProcessBuilder(bin.getPath(), "--run", "Analyze Subject", "ct='" + ct + "',out='" + out + "'");
			pb.redirectErrorStream(true);
			final File log = new File(dir, "log_" + run + ".txt");
			pb.redirectOutput(log);
			t = System.nanoTime();
			final int code = pb.start().waitFor();
			final double s = (System.nanoTime() - t) / 1e9;
			best = Math.min(best, s);
			sum += s;
			System.out.printf(Locale.ROOT, "bin/marrowj Analyze Subject run %d: exit %d, %.2f s wall%n", run, code, s);
			if (code != 0) System.out.println(new String(Files.readAllBytes(log.toPath()), "UTF-8"));
		}
		System.out.printf(Locale.ROOT, "whole process: best %.2f s, mean %.2f s (%.0f Mvoxel/s best)%n", best, sum / runs, 78.6 / best);
		for (int run = 1; run <= 3; run++) {
			t = System.nanoTime();
			final SubjectAnalysis.Result r = SubjectAnalysis.run(new SubjectAnalysis.Settings().ct(ct).out(new File(dir, "in_" + run)), null);
			System.out.printf(Locale.ROOT, "in-process run %d: %.2f s (step timing in %s)%n", run, (System.nanoTime() - t) / 1e9,
				new File(r.out, "provenance.json"));
		}
		System.out.println("files in " + dir);
	}
}
