package org.marrowj.morph;

import java.util.Random;

/** Random test masks with fixed seeds. */
final class Masks {

	private Masks() {}

	static final int NX = 23, NY = 17, NZ = 11;
	static final double[] SPACING = { 0.7, 1.3, 2.9 };

	/** Each voxel inside with probability {@code density}. */
	static Mask random(final int nx, final int ny, final int nz, final double density, final long seed) {
		final Random r = new Random(seed);
		final Mask m = new Mask(nx, ny, nz);
		final byte[] d = m.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (byte) (r.nextDouble() < density ? 1 : 0);
		return m;
	}

	/** A few random ellipsoid blobs (mm), some with random voxels flipped. */
	static Mask blobs(final int nx, final int ny, final int nz, final double[] sp, final int count, final double flip,
		final long seed)
	{
		final Random r = new Random(seed);
		final Mask m = new Mask(nx, ny, nz);
		for (int k = 0; k < count; k++) {
			final double cx = r.nextDouble() * nx * sp[0], cy = r.nextDouble() * ny * sp[1], cz = r.nextDouble() * nz * sp[2];
			final double rx = 2 + r.nextDouble() * 8, ry = 2 + r.nextDouble() * 8, rz = 3 + r.nextDouble() * 10;
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						final double a = (x * sp[0] - cx) / rx, b = (y * sp[1] - cy) / ry, c = (z * sp[2] - cz) / rz;
						if (a * a + b * b + c * c <= 1) m.set(x, y, z, true);
					}
		}
		final byte[] d = m.data();
		for (int i = 0; i < d.length; i++)
			if (r.nextDouble() < flip) d[i] ^= 1;
		return m;
	}

	/** The test masks: random densities and blobs. */
	static Mask[] suite() {
		return new Mask[] { random(NX, NY, NZ, 0.3, 1), random(NX, NY, NZ, 0.6, 2), random(NX, NY, NZ, 0.9, 3),
			random(NX, NY, NZ, 0.98, 4), blobs(NX, NY, NZ, SPACING, 3, 0, 5), blobs(NX, NY, NZ, SPACING, 5, 0.02, 6),
			random(NX, NY, NZ, 1.0, 7), random(NX, NY, NZ, 0.02, 8) };
	}
}
