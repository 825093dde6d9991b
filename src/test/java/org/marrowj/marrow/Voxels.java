package org.marrowj.marrow;

import org.marrowj.image.Volume;

import net.imglib2.Cursor;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Volumes as flat arrays (x + nx*(y + ny*z)) for reference computations in tests. */
final class Voxels {

	private Voxels() {}

	static <T extends RealType<T> & NativeType<T>> double[] values(final Volume<T> v) {
		final double[] a = new double[(int) v.voxelCount()];
		final Cursor<T> c = Views.flatIterable(v.image()).cursor();
		int i = 0;
		while (c.hasNext())
			a[i++] = c.next().getRealDouble();
		return a;
	}

	static <T extends RealType<T> & NativeType<T>> int[] ints(final Volume<T> v) {
		final double[] d = values(v);
		final int[] a = new int[d.length];
		for (int i = 0; i < d.length; i++)
			a[i] = (int) Math.round(d[i]);
		return a;
	}

	/** 1 where ids[i] is one of {@code wanted}. */
	static byte[] select(final int[] ids, final int... wanted) {
		final byte[] m = new byte[ids.length];
		for (int i = 0; i < ids.length; i++)
			for (final int w : wanted)
				if (ids[i] == w) m[i] = 1;
		return m;
	}

	/** Largest 26-connected component (ties: first found in flat order), by breadth-first search. */
	static byte[] largest26(final byte[] in, final int nx, final int ny, final int nz) {
		final int[] lab = new int[in.length];
		final int[] q = new int[in.length];
		int best = 0, bestSize = 0, next = 0;
		for (int s = 0; s < in.length; s++) {
			if (in[s] == 0 || lab[s] != 0) continue;
			final int l = ++next;
			lab[s] = l;
			q[0] = s;
			int n = 1;
			for (int k = 0; k < n; k++) {
				final int p = q[k], x = p % nx, y = (p / nx) % ny, z = p / (nx * ny);
				for (int dz = -1; dz <= 1; dz++)
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++) {
							final int a = x + dx, b = y + dy, c = z + dz;
							if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
							final int i = a + nx * (b + ny * c);
							if (in[i] != 0 && lab[i] == 0) {
								lab[i] = l;
								q[n++] = i;
							}
						}
			}
			if (n > bestSize) {
				bestSize = n;
				best = l;
			}
		}
		final byte[] out = new byte[in.length];
		for (int i = 0; i < in.length; i++)
			if (best != 0 && lab[i] == best) out[i] = 1;
		return out;
	}

	/** Number of voxels where the flat masks differ, and the region's full mask as flat bytes. */
	static int diff(final byte[] truth, final MarrowRegion r) {
		final byte[] full = r.fullMask().data();
		int d = 0;
		for (int i = 0; i < truth.length; i++)
			if ((truth[i] != 0) != (full[i] != 0)) d++;
		return d;
	}

	static long count(final byte[] m) {
		long n = 0;
		for (final byte b : m)
			n += b != 0 ? 1 : 0;
		return n;
	}

	static double mean(final double[] values, final byte[] m) {
		double s = 0;
		long n = 0;
		for (int i = 0; i < m.length; i++)
			if (m[i] != 0) {
				s += values[i];
				n++;
			}
		return s / n;
	}
}
