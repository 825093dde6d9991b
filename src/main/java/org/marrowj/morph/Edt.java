package org.marrowj.morph;

/**
 * Exact squared Euclidean distance transform with anisotropic spacing, separable and linear time:
 * a 1D scan along x, then the lower envelope of parabolas along y and along z (P. F. Felzenszwalb,
 * D. P. Huttenlocher, "Distance transforms of sampled functions", Theory of Computing 8, 2012).
 * <p>
 * For every voxel p of a box of the grid, {@code d2(p) = min over sites q of sum_i (s_i (p_i - q_i))^2}
 * (mm^2), where the sites are the voxels of the box whose mask byte equals {@code siteValue} and,
 * when {@code borderSites}, one virtual layer of sites just beyond every face of the box.
 * {@code +Infinity} when there is no site. Computed in double along each line, stored as float
 * between passes (relative error below 3e-7).
 */
final class Edt {

	private Edt() {}

	/**
	 * @param data mask bytes of an nx x ny x nz grid (flat index x + nx*(y + ny*z))
	 * @param box {x0, y0, z0, x1, y1, z1}, upper bounds exclusive, inside the grid
	 * @return squared distances on the box, flat index (x-x0) + bx*((y-y0) + by*(z-z0))
	 */
	static float[] squared(final byte[] data, final int nx, final int ny, final int[] box, final byte siteValue,
		final boolean borderSites, final double[] spacing_mm)
	{
		return squared(data, nx, ny, box, siteValue, borderSites, spacing_mm, Double.POSITIVE_INFINITY);
	}

	/**
	 * As {@link #squared(byte[], int, int, int[], byte, boolean, double[])}, but every value greater
	 * than {@code cap} (mm^2) may be returned as +Infinity: values &lt;= cap are exact. Partial
	 * minima above the cap are dropped after each pass, which cannot change a final value &lt;= cap
	 * (every later pass only adds non-negative terms).
	 */
	static float[] squared(final byte[] data, final int nx, final int ny, final int[] box, final byte siteValue,
		final boolean borderSites, final double[] spacing_mm, final double cap)
	{
		final int x0 = box[0], y0 = box[1], z0 = box[2];
		final int bx = box[3] - x0, by = box[4] - y0, bz = box[5] - z0;
		final long size = (long) bx * by * bz;
		if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("distance map over 2^31 voxels");
		final float[] out = new float[(int) size];
		final double sx = spacing_mm[0], wy = spacing_mm[1] * spacing_mm[1], wz = spacing_mm[2] * spacing_mm[2];

		// pass 1: along x, distance in voxels to the nearest site on the line
		Parallel.forBlocks(bz, 1, (from, to) -> {
			final int[] fwd = new int[bx];
			for (int z = from; z < to; z++)
				for (int y = 0; y < by; y++) {
					final int src = x0 + nx * (y0 + y + ny * (z0 + z));
					final int dst = bx * (y + by * z);
					xLine(data, src, bx, siteValue, borderSites, sx, cap, fwd, out, dst);
				}
		});

		// pass 2: along y, per z slice; pass 3: along z, per y row. Lines are taken in groups of
		// BLOCK consecutive x so that memory is read a cache line at a time.
		if (by > 1 || borderSites) Parallel.forBlocks(bz, 1, (from, to) -> {
			final Envelope env = new Envelope(by);
			final double[][] buf = new double[BLOCK][by];
			for (int z = from; z < to; z++)
				for (int x = 0; x < bx; x += BLOCK)
					lines(out, bx * by * z + x, Math.min(BLOCK, bx - x), bx, by, wy, borderSites, cap, env, buf);
		});
		if (bz > 1 || borderSites) Parallel.forBlocks(by, 1, (from, to) -> {
			final Envelope env = new Envelope(bz);
			final double[][] buf = new double[BLOCK][bz];
			for (int y = from; y < to; y++)
				for (int x = 0; x < bx; x += BLOCK)
					lines(out, bx * y + x, Math.min(BLOCK, bx - x), bx * by, bz, wz, borderSites, cap, env, buf);
		});
		return out;
	}

	private static final int BLOCK = 16;

	/**
	 * Lower envelope along {@code width} lines of length n starting at base, base + 1, ...; element e
	 * of a line at + e * stride.
	 */
	private static void lines(final float[] out, final int base, final int width, final int stride, final int n, final double w,
		final boolean pad, final double cap, final Envelope env, final double[][] buf)
	{
		for (int e = 0; e < n; e++) {
			final int row = base + e * stride;
			for (int j = 0; j < width; j++)
				buf[j][e] = out[row + j];
		}
		boolean changed = false;
		for (int j = 0; j < width; j++) {
			final double[] f = buf[j];
			boolean allZero = true, allInf = true;
			for (int e = 0; e < n; e++) {
				final double v = f[e];
				if (v != 0) allZero = false;
				if (v != Double.POSITIVE_INFINITY) allInf = false;
			}
			// all sites: stays 0; no site: stays infinite (unless padded)
			if (allZero || (allInf && !pad)) continue;
			env.transform(f, n, w, pad);
			if (cap != Double.POSITIVE_INFINITY) for (int e = 0; e < n; e++)
				if (f[e] > cap) f[e] = Double.POSITIVE_INFINITY;
			changed = true;
		}
		if (!changed) return;
		for (int e = 0; e < n; e++) {
			final int row = base + e * stride;
			for (int j = 0; j < width; j++)
				out[row + j] = (float) buf[j][e];
		}
	}

	private static void xLine(final byte[] data, final int src, final int n, final byte siteValue, final boolean borderSites,
		final double sx, final double cap, final int[] fwd, final float[] out, final int dst)
	{
		final int none = Integer.MAX_VALUE / 4;
		int last = borderSites ? -1 : -none;
		for (int i = 0; i < n; i++) {
			if (data[src + i] == siteValue) last = i;
			fwd[i] = i - last;
		}
		last = borderSites ? n : n + none;
		for (int i = n - 1; i >= 0; i--) {
			if (data[src + i] == siteValue) last = i;
			final int d = Math.min(fwd[i], last - i);
			if (d >= none) out[dst + i] = Float.POSITIVE_INFINITY;
			else {
				final double mm = d * sx;
				out[dst + i] = mm * mm > cap ? Float.POSITIVE_INFINITY : (float) (mm * mm);
			}
		}
	}

	/**
	 * Lower envelope of the parabolas {@code w (p - q)^2 + f(q)} over the finite samples q of a line
	 * (plus samples f = 0 at q = -1 and q = n when padded), evaluated at p = 0..n-1.
	 */
	static final class Envelope {
		final double[] vf, zb;
		final int[] v;

		Envelope(final int n) {
			v = new int[n + 2];
			vf = new double[n + 2];
			zb = new double[n + 3];
		}

		/** Replaces f[0..n-1] by the envelope (all of f is read before anything is written). */
		void transform(final double[] f, final int n, final double w, final boolean pad) {
			int k = -1;
			final int first = pad ? -1 : 0, last = pad ? n : n - 1;
			for (int q = first; q <= last; q++) {
				final double fq = (q < 0 || q >= n) ? 0 : f[q];
				if (fq == Double.POSITIVE_INFINITY) continue;
				if (k < 0) {
					k = 0;
					v[0] = q;
					vf[0] = fq;
					zb[0] = Double.NEGATIVE_INFINITY;
					zb[1] = Double.POSITIVE_INFINITY;
					continue;
				}
				final double hq = fq + w * q * q;
				double s;
				while (true) {
					final int r = v[k];
					s = (hq - (vf[k] + w * r * r)) / (2 * w * (q - r));
					if (s <= zb[k]) {
						k--; // zb[0] is -infinity, so k stays >= 0
						continue;
					}
					break;
				}
				k++;
				v[k] = q;
				vf[k] = fq;
				zb[k] = s;
				zb[k + 1] = Double.POSITIVE_INFINITY;
			}
			if (k < 0) {
				for (int p = 0; p < n; p++)
					f[p] = Double.POSITIVE_INFINITY;
				return;
			}
			int j = 0;
			for (int p = 0; p < n; p++) {
				while (zb[j + 1] < p)
					j++;
				final double dp = p - v[j];
				f[p] = w * dp * dp + vf[j];
			}
		}
	}
}
