package org.marrowj.qct;

import java.util.List;
import java.util.Locale;

import org.marrowj.morph.Parallel;
import org.marrowj.phantom.HipOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

/**
 * Benchmark (not a test): a 512 x 512 x 120 hip QCT (0.45 x 0.45 x 1 mm, 10 HU noise): rods
 * measured at their centres, linear calibration and femoral-neck analysis on the calibrated view. Arguments:
 * [threads] [repetitions].
 */
public final class NeckBench {

	/** The phantom's rod centres (x, y mm): the first rod (0 mg/cm^3) is as dense as its block, so it is given, not detected. */
	static final List<double[]> CENTRES = java.util.Arrays.asList(new double[] { -40, 100 }, new double[] { -10, 100 },
		new double[] { 20, 100 }, new double[] { 50, 100 }, new double[] { 80, 100 });

	private NeckBench() {}

	public static void main(final String[] args) {
		if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
		final int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final HipOptions o = new HipOptions();
		o.size(512, 512, 120);
		o.spacing(0.45, 0.45, 1.0);
		final Phantom p = Phantoms.hip(o);
		System.out.printf(Locale.ROOT, "hip phantom %dx%dx%d (%.1f Mvoxel), %d threads%n", p.image().width(), p.image().height(),
			p.image().depth(), p.image().voxelCount() / 1e6, Parallel.threads());
		NeckResult last = null;
		double best = Double.MAX_VALUE, sum = 0, bestCal = Double.MAX_VALUE;
		for (int r = 0; r <= reps; r++) {
			final long t0 = System.nanoTime();
			final List<Rod> rods = RodDetector.measureAtWorld(p.image(), CENTRES, o.rodRadius_mm, new RodOptions());
			final Calibration cal = Calibration.linear(rods, o.rodK2hpo4_mg_cm3, Calibration.DEFAULT_MIN_R2);
			final long t1 = System.nanoTime();
			final NeckSettings s = new NeckSettings();
			s.weight_kg = 70;
			last = FemoralNeck.analyze(p.image(), cal, s);
			final double t = (System.nanoTime() - t0) / 1e9;
			if (r == 0) continue; // warm-up
			best = Math.min(best, t);
			bestCal = Math.min(bestCal, (t1 - t0) / 1e9);
			sum += t;
		}
		System.out.printf(Locale.ROOT, "calibration (rods + fit): best %.3f s; calibration + neck analysis: best %.3f s, mean %.3f s over %d runs%n",
			bestCal, best, sum / reps, reps);
		System.out.println(last.toMap());
	}
}
