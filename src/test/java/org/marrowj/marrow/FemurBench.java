package org.marrowj.marrow;

import java.util.Locale;

import org.marrowj.morph.Parallel;
import org.marrowj.phantom.FemurOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

/**
 * Benchmark (not a test): femoral shaft segmentation + statistics of both sides on a 512 x 512 x
 * 300 femur phantom. Arguments: [threads] [repetitions].
 */
public final class FemurBench {

	private FemurBench() {}

	public static void main(final String[] args) {
		if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
		final int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final FemurOptions o = new FemurOptions();
		o.size(512, 512, 300);
		o.spacing(0.4, 0.4, 1.0);
		final Phantom p = Phantoms.femur(o);
		final long voxels = p.image().voxelCount();
		System.out.printf(Locale.ROOT, "femur phantom %dx%dx%d (%.1f Mvoxel), %d threads%n", p.image().width(), p.image().height(),
			p.image().depth(), voxels / 1e6, Parallel.threads());
		run(p); // warm-up
		double best = Double.MAX_VALUE, sum = 0;
		for (int r = 0; r < reps; r++) {
			final double t = run(p);
			best = Math.min(best, t);
			sum += t;
		}
		System.out.printf(Locale.ROOT, "segmentation + statistics: best %.3f s (%.1f Mvoxel/s), mean %.3f s over %d runs%n", best,
			voxels / 1e6 / best, sum / reps, reps);
	}

	private static double run(final Phantom p) {
		final long t0 = System.nanoTime();
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(p.image(), new FemoralShaftMarrow.Settings());
		final StringBuilder b = new StringBuilder();
		for (final MarrowRegion r : res.regions()) {
			final RegionStatistics s = RegionStats.compute(p.image(), r);
			b.append(String.format(Locale.ROOT, " %s: %d voxels, %.2f HU;", r.side(), s.voxels(), s.hu_mean()));
		}
		final double t = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "  %.3f s%s%n", t, b);
		return t;
	}
}
