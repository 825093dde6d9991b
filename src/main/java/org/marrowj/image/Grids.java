package org.marrowj.image;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.IntervalView;
import net.imglib2.view.Views;

/**
 * Relations between voxel grids. Two grids are the same lattice when every voxel centre of one is a
 * voxel centre of the other: their axes are the same world vectors up to order and sign (spacing x
 * direction) and one's origin falls on a voxel centre of the other. A label map written by another
 * tool (e.g. a NIfTI whose rows are stored bottom-up) is then the same image in another storage
 * order, and {@link #onGrid} presents it on the reference grid as a view, without resampling or
 * copying.
 */
public final class Grids {

	private Grids() {}

	/**
	 * The volume {@code v} seen on the grid {@code target} of size {@code dims}, when both are the same
	 * lattice within {@code tol_mm} (axes permuted and/or reversed); voxels of the target outside
	 * {@code v} read as 0. Returns null when the grids are not the same lattice (then resample).
	 */
	public static <T extends RealType<T> & NativeType<T>> Volume<T> onGrid(final Volume<T> v, final Geometry target,
		final long[] dims, final double tol_mm)
	{
		final Geometry src = v.geometry();
		final int[] perm = new int[3];
		final int[] sign = new int[3];
		final boolean[] used = new boolean[3];
		for (int j = 0; j < 3; j++) {
			perm[j] = -1;
			for (int k = 0; k < 3 && perm[j] < 0; k++) {
				if (used[k]) continue;
				for (final int s : new int[] { 1, -1 }) {
					double err = 0;
					for (int r = 0; r < 3; r++)
						err = Math.max(err, Math.abs(target.direction(r, j) * target.spacing(j) - s * src.direction(r, k) * src.spacing(k)));
					// the mismatch accumulates over the grid's extent: keep it within tol_mm at the far end
					if (err * Math.max(dims[j], v.dimensions()[k]) <= tol_mm) {
						perm[j] = k;
						sign[j] = s;
						used[k] = true;
						break;
					}
				}
			}
			if (perm[j] < 0) return null;
		}
		// source index of target voxel (0,0,0): must be a whole voxel
		final double[] a = src.worldToIndex(target.origin());
		final long[] off = new long[3];
		for (int k = 0; k < 3; k++) {
			off[k] = Math.round(a[k]);
			if (Math.abs(a[k] - off[k]) * src.spacing(k) > tol_mm) return null;
		}
		// P: source axes rearranged so that axis j of P is source axis perm[j]
		RandomAccessibleInterval<T> p = v.image();
		final int[] at = { 0, 1, 2 }; // at[j] = source axis currently at position j
		for (int j = 0; j < 3; j++) {
			int pos = j;
			while (at[pos] != perm[j])
				pos++;
			if (pos != j) {
				p = Views.permute(p, j, pos);
				final int t = at[j];
				at[j] = at[pos];
				at[pos] = t;
			}
		}
		// R(t) = P(off_perm + sign * t)
		final long[] shift = new long[3];
		for (int j = 0; j < 3; j++) {
			if (sign[j] < 0) {
				p = Views.invertAxis(p, j); // Q(t) = P(-t)
				shift[j] = off[perm[j]]; // R(t) = Q(t - off) = P(off - t)
			}
			else shift[j] = -off[perm[j]]; // R(t) = P(t + off)
		}
		final RandomAccessibleInterval<T> r = Views.translate(p, shift);
		boolean inside = true;
		for (int j = 0; j < 3; j++)
			inside &= r.min(j) <= 0 && r.max(j) >= dims[j] - 1;
		final long[] max = { dims[0] - 1, dims[1] - 1, dims[2] - 1 };
		final T zero = v.image().getType().createVariable();
		zero.setZero();
		final IntervalView<T> view = inside ? Views.interval(r, new long[3], max) : Views.interval(Views.extendValue(r, zero), new long[3], max);
		return new Volume<>(Views.zeroMin(view), target, v.valueUnit(), v.modality(), v.properties());
	}

	/**
	 * The box {x0,y0,z0,x1,y1,z1} (exclusive upper bounds) of {@code ref}'s voxels, clipped to
	 * {@code dims}, that covers the extent of the other grid (its voxels' outer faces, any
	 * orientation), or null when the two do not overlap.
	 */
	public static int[] overlapBox(final Geometry ref, final int[] dims, final Geometry other, final long[] otherDims) {
		final double[] lo = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE };
		final double[] hi = { -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		for (int c = 0; c < 8; c++) {
			final double[] i = ref.worldToIndex(other.indexToWorld((c & 1) == 0 ? -0.5 : otherDims[0] - 0.5, (c & 2) == 0 ? -0.5
				: otherDims[1] - 0.5, (c & 4) == 0 ? -0.5 : otherDims[2] - 0.5));
			for (int a = 0; a < 3; a++) {
				lo[a] = Math.min(lo[a], i[a]);
				hi[a] = Math.max(hi[a], i[a]);
			}
		}
		final int[] box = new int[6];
		for (int a = 0; a < 3; a++) {
			box[a] = (int) Math.max(0, Math.floor(lo[a]));
			box[a + 3] = (int) Math.min(dims[a], Math.ceil(hi[a]) + 1);
			if (box[a] >= box[a + 3]) return null;
		}
		return box;
	}
}
