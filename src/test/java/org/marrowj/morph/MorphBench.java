package org.marrowj.morph;

import java.util.Locale;

/**
 * Timing of the morphology on a 512 x 512 x 300 mask of a few tubes (spacing 0.8 x 0.8 x 1.25 mm):
 * distance transform, shrink, grow, components, hole filling. Prints Mvoxel/s over the whole grid.
 * Usage: {@code MorphBench [threads]}.
 */
public final class MorphBench {

	private MorphBench() {}

	interface Step {
		Object run();
	}

	public static void main(final String[] args) {
		if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
		final int nx = 512, ny = 512, nz = 300;
		final double[] sp = { 0.8, 0.8, 1.25 };
		final Mask m = tubes(nx, ny, nz);
		final double mvox = (double) nx * ny * nz / 1e6;
		System.out.printf(Locale.ROOT, "grid %dx%dx%d (%.1f Mvoxel), %d inside, %d threads%n", nx, ny, nz, mvox, m.count(),
			Parallel.threads());
		time("distanceToOutsideSquared", mvox, () -> Morph.distanceToOutsideSquared(m, sp));
		time("shrink 3 mm", mvox, () -> Morph.shrink(m, 3, sp));
		time("grow 5 mm", mvox, () -> Morph.grow(m, 5, sp));
		time("distanceToRegionSquared", mvox, () -> Morph.distanceToRegionSquared(m, sp));
		time("components 6", mvox, () -> Morph.components(m, 6));
		time("components 26", mvox, () -> Morph.components(m, 26));
		time("largestComponent 26", mvox, () -> Morph.largestComponent(m, 26));
		time("fillHoles2D", mvox, () -> Morph.fillHoles2D(m));
		time("fillHoles3D", mvox, () -> Morph.fillHoles3D(m));
	}

	private static void time(final String name, final double mvox, final Step step) {
		step.run(); // warm-up
		long best = Long.MAX_VALUE;
		for (int k = 0; k < 3; k++) {
			final long t0 = System.nanoTime();
			step.run();
			best = Math.min(best, System.nanoTime() - t0);
		}
		final double s = best / 1e9;
		System.out.printf(Locale.ROOT, "%-26s %7.3f s  %7.1f Mvoxel/s%n", name, s, mvox / s);
	}

	/** Four hollow tubes along z (bone-like walls with marrow inside) and one solid oblique tube. */
	static Mask tubes(final int nx, final int ny, final int nz) {
		final Mask m = new Mask(nx, ny, nz);
		final byte[] d = m.data();
		final double[][] tubes = { { 130, 140, 60, 45 }, { 380, 150, 50, 40 }, { 140, 380, 70, 60 }, { 370, 360, 40, 25 } };
		Parallel.forEach(nz, z -> {
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					boolean in = false;
					for (final double[] t : tubes) {
						final double r = Math.hypot(x - t[0] - 0.05 * z, y - t[1]);
						if (r <= t[2] && r >= t[3]) in = true;
					}
					// oblique solid tube from (60, 256, 0) to (460, 256, 299), radius 18
					final double ax = 400, az = 299, len = Math.hypot(ax, az);
					final double px = x - 60, pz = z;
					final double along = (px * ax + pz * az) / len;
					final double perp2 = px * px + pz * pz - along * along + (y - 256.0) * (y - 256.0);
					if (perp2 <= 18 * 18) in = true;
					if (in) d[x + nx * (y + ny * z)] = 1;
				}
		});
		return m;
	}
}
