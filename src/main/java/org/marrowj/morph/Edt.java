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
					xLine(data, src, bx, siteValue, borderSites, sx, fwd, out, dst);
				}
		});

		// pass 2: along y, per z slice
		if (by > 1 || borderSites) Parallel.forBlocks(bz, 1, (from, to) -> {
			final Envelope env = new Envelope(by);
			for (int z = from; z < to; z++) {
				final int base = bx * by * z;
				for (int x = 0; x < bx; x++) {
					final int off = base + x;
					boolean allZero = true;
					for (int y = 0; y < by; y++) {
						final float v = out[off + bx * y];
						env.f[y] = v;
						if (v != 0) allZero = false;
					}
					if (allZero) continue; // all sites: stays 0
					env.transform(by, wy, borderSites);
					for (int y = 0; y < by; y++)
						out[off + bx * y] = (float) env.d[y];
				}
			}
		});

		// pass 3: along z, per y row; the rows of all slices are gathered so that memory is read in order
		if (bz > 1 || borderSites) {
			final int grain = Math.max(1, Math.min(8, by / (4 * Parallel.threads())));
			Parallel.forBlocks(by, grain, (from, to) -> {
				final Envelope env = new Envelope(bz);
				final float[] rows = new float[bx * bz];
				final int plane = bx * by;
				for (int y = from; y < to; y++) {
					for (int z = 0; z < bz; z++)
						System.arraycopy(out, bx * y + plane * z, rows, bx * z, bx);
					for (int x = 0; x < bx; x++) {
						boolean allZero = true;
						for (int z = 0; z < bz; z++) {
							final float v = rows[x + bx * z];
							env.f[z] = v;
							if (v != 0) allZero = false;
						}
						if (allZero) continue; // all sites: stays 0
						env.transform(bz, wz, borderSites);
						for (int z = 0; z < bz; z++)
							rows[x + bx * z] = (float) env.d[z];
					}
					for (int z = 0; z < bz; z++)
						System.arraycopy(rows, bx * z, out, bx * y + plane * z, bx);
				}
			});
		}
		return out;
	}

	private static void xLine(final byte[] data, final int src, final int n, final byte siteValue, final boolean borderSites,
		final double sx, final int[] fwd, final float[] out, final int dst)
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
				out[dst + i] = (float) (mm * mm);
			}
		}
	}

	/**
	 * Lower envelope of the parabolas {@code w (p - q)^2 + f(q)} over the finite samples q of a line
	 * (plus samples f = 0 at q = -1 and q = n when padded), evaluated at p = 0..n-1.
	 */
	static final class Envelope {
		final double[] f, d, vf, zb;
		final int[] v;

		Envelope(final int n) {
			f = new double[n];
			d = new double[n];
			v = new int[n + 2];
			vf = new double[n + 2];
			zb = new double[n + 3];
		}

		void transform(final int n, final double w, final boolean pad) {
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
					d[p] = Double.POSITIVE_INFINITY;
				return;
			}
			int j = 0;
			for (int p = 0; p < n; p++) {
				while (zb[j + 1] < p)
					j++;
				final double dp = p - v[j];
				d[p] = w * dp * dp + vf[j];
			}
		}
	}
}
