package org.marrowj.marrow;

/** Reference computations for tests, written directly from the definitions. */
final class BruteForce {

	private BruteForce() {}

	/**
	 * Keeps the voxels of {@code in} (flat x + nx*(y + ny*z), nonzero = inside) that have no voxel
	 * outside the region (or beyond the image edge) within distance margin_mm (centre to centre,
	 * anisotropic spacing): every inside voxel is checked against every offset of the neighbourhood
	 * ball, O(n k). A distance equal to the margin counts as "within" (relative tolerance 1e-6).
	 */
	static byte[] shrink(final byte[] in, final int nx, final int ny, final int nz, final double[] sp, final double margin_mm) {
		final int rx = (int) Math.ceil(margin_mm / sp[0] + 1e-9), ry = (int) Math.ceil(margin_mm / sp[1] + 1e-9),
			rz = (int) Math.ceil(margin_mm / sp[2] + 1e-9);
		final double lim = margin_mm * margin_mm * (1 + 1e-6);
		// ball offsets
		final java.util.List<int[]> ball = new java.util.ArrayList<>();
		for (int dz = -rz; dz <= rz; dz++)
			for (int dy = -ry; dy <= ry; dy++)
				for (int dx = -rx; dx <= rx; dx++) {
					final double d2 = sq(dx * sp[0]) + sq(dy * sp[1]) + sq(dz * sp[2]);
					if (d2 <= lim) ball.add(new int[] { dx, dy, dz });
				}
		final byte[] out = new byte[in.length];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					if (in[i] == 0) continue;
					boolean keep = true;
					for (final int[] o : ball) {
						final int a = x + o[0], b = y + o[1], c = z + o[2];
						if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz || in[a + nx * (b + ny * c)] == 0) {
							keep = false;
							break;
						}
					}
					if (keep) out[i] = 1;
				}
		return out;
	}

	private static double sq(final double v) {
		return v * v;
	}
}
