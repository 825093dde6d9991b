package org.marrowj.morph;

import org.marrowj.BadInputException;

/**
 * Static facade of the binary morphology MarrowJ needs: connected components, exact Euclidean
 * distance transform with anisotropic spacing, shrinking and growing by a distance in mm, hole
 * filling. Distances are between voxel centres, in mm, using the voxel spacing. Voxels beyond the
 * image edge count as outside every region.
 * <p>
 * Distance comparisons with a margin m (shrink, grow) are made on squared distances computed in
 * floating point; a squared distance d2 counts as equal to m^2 when
 * {@code |d2 - m^2| <= TIE_RELATIVE * m^2}, so a margin equal to a voxel distance behaves as
 * the exact definition says (shrink removes that voxel, grow adds it).
 * <p>
 * Heavy loops run on {@link Parallel}; results do not depend on the number of threads.
 */
public final class Morph {

	/** Relative tolerance on squared distances within which a distance equals the margin. */
	public static final double TIE_RELATIVE = 1e-6;

	private Morph() {}

	/**
	 * Squared Euclidean distance (mm^2) from each voxel inside {@code m} to the centre of the nearest
	 * voxel outside it (beyond the edge counts as outside); 0 for voxels outside.
	 * {@code d2(p) = min over q outside of sum_i (s_i (p_i - q_i))^2}, exact (separable lower envelope
	 * of parabolas, Felzenszwalb and Huttenlocher 2012), float precision. Flat index x + nx*(y + ny*z).
	 */
	public static float[] distanceToOutsideSquared(final Mask m, final double[] spacing_mm) {
		final double[] sp = checkSpacing(spacing_mm);
		final float[] full = new float[m.data().length];
		final int[] box = boundingBox(m);
		if (box == null) return full;
		final float[] d2 = Edt.squared(m.data(), m.nx(), m.ny(), box, (byte) 0, true, sp);
		pasteFloats(d2, box, full, m.nx(), m.ny());
		return full;
	}

	/**
	 * Squared Euclidean distance (mm^2) from each voxel to the centre of the nearest voxel of
	 * {@code m} (0 inside {@code m}); voxels beyond the edge are not part of the region.
	 * {@code +Infinity} everywhere when {@code m} is empty. Flat index x + nx*(y + ny*z).
	 */
	public static float[] distanceToRegionSquared(final Mask m, final double[] spacing_mm) {
		final double[] sp = checkSpacing(spacing_mm);
		return Edt.squared(m.data(), m.nx(), m.ny(), new int[] { 0, 0, 0, m.nx(), m.ny(), m.nz() }, (byte) 1, false, sp);
	}

	/**
	 * Keeps the voxels of {@code m} whose distance (mm) to the nearest voxel outside {@code m} is
	 * greater than {@code margin_mm} (beyond the edge counts as outside). Computed on the bounding box
	 * of {@code m} through the exact distance transform.
	 */
	public static Mask shrink(final Mask m, final double margin_mm, final double[] spacing_mm) {
		final double[] sp = checkSpacing(spacing_mm);
		checkMargin(margin_mm);
		final Mask out = m.emptyLike();
		final int[] box = boundingBox(m);
		if (box == null) return out;
		final float[] d2 = Edt.squared(m.data(), m.nx(), m.ny(), box, (byte) 0, true, sp);
		final double limit = margin_mm * margin_mm * (1 + TIE_RELATIVE);
		threshold(d2, box, m, out, limit, true);
		return out;
	}

	/**
	 * Adds every voxel whose distance (mm) to the nearest voxel of {@code m} is at most
	 * {@code margin_mm}. Computed on the bounding box of {@code m} widened by the margin (clipped to
	 * the image) through the exact distance transform.
	 */
	public static Mask grow(final Mask m, final double margin_mm, final double[] spacing_mm) {
		final double[] sp = checkSpacing(spacing_mm);
		checkMargin(margin_mm);
		final Mask out = m.emptyLike();
		final int[] box = boundingBox(m);
		if (box == null) return out;
		final int[] size = { m.nx(), m.ny(), m.nz() };
		final int[] wide = new int[6];
		for (int a = 0; a < 3; a++) {
			final double reach = Math.ceil(margin_mm * (1 + TIE_RELATIVE) / sp[a]);
			final int r = reach >= size[a] ? size[a] : (int) reach;
			wide[a] = Math.max(0, box[a] - r);
			wide[a + 3] = (int) Math.min(size[a], (long) box[a + 3] + r);
		}
		final double limit = margin_mm * margin_mm * (1 + TIE_RELATIVE);
		// values beyond twice the limit are not needed (float rounding stays far below that)
		final float[] d2 = Edt.squared(m.data(), m.nx(), m.ny(), wide, (byte) 1, false, sp, 2 * limit);
		threshold(d2, wide, m, out, limit, false);
		return out;
	}

	/** Shrink: inside and d2 &gt; limit; grow: d2 &lt;= limit. */
	private static void threshold(final float[] d2, final int[] box, final Mask m, final Mask out, final double limit,
		final boolean shrink)
	{
		final int nx = m.nx(), ny = m.ny();
		final int bx = box[3] - box[0], by = box[4] - box[1], bz = box[5] - box[2];
		final byte[] in = m.data(), o = out.data();
		Parallel.forBlocks(bz, 1, (from, to) -> {
			for (int z = from; z < to; z++)
				for (int y = 0; y < by; y++) {
					final int src = bx * (y + by * z);
					final int dst = box[0] + nx * (box[1] + y + ny * (box[2] + z));
					for (int x = 0; x < bx; x++) {
						final float v = d2[src + x];
						final boolean keep = shrink ? (in[dst + x] != 0 && v > limit) : v <= limit;
						if (keep) o[dst + x] = 1;
					}
				}
		});
	}

	/** Connected components of {@code m} with 6, 18 or 26 connectivity. */
	public static Components components(final Mask m, final int connectivity) {
		checkConnectivity(connectivity);
		return Labeling.label(m, connectivity);
	}

	/** The largest connected component (ties: the lowest label), or an empty mask. */
	public static Mask largestComponent(final Mask m, final int connectivity) {
		final Components c = components(m, connectivity);
		int best = 0;
		long bestSize = 0;
		for (int l = 1; l <= c.count(); l++)
			if (c.size(l) > bestSize) {
				bestSize = c.size(l);
				best = l;
			}
		final Mask out = m.emptyLike();
		if (best == 0) return out;
		final int[] labels = c.labels();
		final byte[] o = out.data();
		final int label = best, plane = m.nx() * m.ny();
		Parallel.forBlocks(m.nz(), 1, (from, to) -> {
			for (int i = from * plane, end = to * plane; i < end; i++)
				if (labels[i] == label) o[i] = 1;
		});
		return out;
	}

	/** Fills, in each z slice separately, the background regions not 4-connected to the slice edge. */
	public static Mask fillHoles2D(final Mask m) {
		return Holes.fill2D(m);
	}

	/** Fills the background regions not 6-connected to the volume edge. */
	public static Mask fillHoles3D(final Mask m) {
		return Holes.fill3D(m);
	}

	/**
	 * Bounding box of the voxels inside {@code m}: {x0, y0, z0, x1, y1, z1} with exclusive upper
	 * bounds, or null when {@code m} is empty.
	 */
	public static int[] boundingBox(final Mask m) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final byte[] d = m.data();
		final int[][] perSlice = new int[nz][];
		Parallel.forBlocks(nz, 1, (from, to) -> {
			for (int z = from; z < to; z++) {
				int x0 = nx, y0 = ny, x1 = -1, y1 = -1;
				for (int y = 0; y < ny; y++) {
					final int row = nx * (y + ny * z);
					int first = -1, last = -1;
					for (int x = 0; x < nx; x++)
						if (d[row + x] != 0) {
							first = x;
							break;
						}
					if (first < 0) continue;
					for (int x = nx - 1; x >= first; x--)
						if (d[row + x] != 0) {
							last = x;
							break;
						}
					if (first < x0) x0 = first;
					if (last > x1) x1 = last;
					if (y < y0) y0 = y;
					y1 = y;
				}
				if (x1 >= 0) perSlice[z] = new int[] { x0, y0, x1, y1 };
			}
		});
		int[] box = null;
		for (int z = 0; z < nz; z++) {
			final int[] s = perSlice[z];
			if (s == null) continue;
			if (box == null) box = new int[] { s[0], s[1], z, s[2] + 1, s[3] + 1, z + 1 };
			else {
				box[0] = Math.min(box[0], s[0]);
				box[1] = Math.min(box[1], s[1]);
				box[3] = Math.max(box[3], s[2] + 1);
				box[4] = Math.max(box[4], s[3] + 1);
				box[5] = z + 1;
			}
		}
		return box;
	}

	/** The part of {@code m} inside {@code box} = {x0, y0, z0, x1, y1, z1} (exclusive upper bounds). */
	public static Mask crop(final Mask m, final int[] box) {
		checkBox(box, m);
		final int bx = box[3] - box[0], by = box[4] - box[1], bz = box[5] - box[2];
		final Mask out = new Mask(bx, by, bz);
		final byte[] s = m.data(), o = out.data();
		final int nx = m.nx(), ny = m.ny();
		for (int z = 0; z < bz; z++)
			for (int y = 0; y < by; y++)
				System.arraycopy(s, box[0] + nx * (box[1] + y + ny * (box[2] + z)), o, bx * (y + by * z), bx);
		return out;
	}

	/**
	 * Writes {@code part} into {@code target} with its voxel (0,0,0) at (x0, y0, z0); the part must
	 * fit inside the target.
	 */
	public static void paste(final Mask part, final Mask target, final int x0, final int y0, final int z0) {
		final int bx = part.nx(), by = part.ny(), bz = part.nz();
		checkBox(new int[] { x0, y0, z0, x0 + bx, y0 + by, z0 + bz }, target);
		final byte[] s = part.data(), o = target.data();
		final int nx = target.nx(), ny = target.ny();
		for (int z = 0; z < bz; z++)
			for (int y = 0; y < by; y++)
				System.arraycopy(s, bx * (y + by * z), o, x0 + nx * (y0 + y + ny * (z0 + z)), bx);
	}

	private static void pasteFloats(final float[] part, final int[] box, final float[] full, final int nx, final int ny) {
		final int bx = box[3] - box[0], by = box[4] - box[1], bz = box[5] - box[2];
		Parallel.forBlocks(bz, 1, (from, to) -> {
			for (int z = from; z < to; z++)
				for (int y = 0; y < by; y++)
					System.arraycopy(part, bx * (y + by * z), full, box[0] + nx * (box[1] + y + ny * (box[2] + z)), bx);
		});
	}

	private static void checkBox(final int[] box, final Mask m) {
		if (box == null || box.length != 6 || box[0] < 0 || box[1] < 0 || box[2] < 0 || box[3] > m.nx() || box[4] > m.ny() ||
			box[5] > m.nz() || box[3] <= box[0] || box[4] <= box[1] || box[5] <= box[2])
			throw new BadInputException("box", "must be {x0,y0,z0,x1,y1,z1} with 0 <= x0 < x1 <= " + m.nx() + ", 0 <= y0 < y1 <= " +
				m.ny() + ", 0 <= z0 < z1 <= " + m.nz() + ", got " + java.util.Arrays.toString(box));
	}

	static double[] checkSpacing(final double[] spacing_mm) {
		if (spacing_mm == null || spacing_mm.length != 3)
			throw new BadInputException("spacing_mm", "needs 3 values (x, y, z)");
		for (final double s : spacing_mm)
			if (!(s > 0) || Double.isInfinite(s))
				throw new BadInputException("spacing_mm", "must be positive and finite, got " + java.util.Arrays.toString(spacing_mm));
		return spacing_mm.clone();
	}

	private static void checkMargin(final double margin_mm) {
		if (!(margin_mm >= 0) || Double.isInfinite(margin_mm))
			throw new BadInputException("margin_mm", "must be a finite distance >= 0, got " + margin_mm);
	}

	private static void checkConnectivity(final int connectivity) {
		if (connectivity != 6 && connectivity != 18 && connectivity != 26)
			throw new BadInputException("connectivity", "must be 6, 18 or 26, got " + connectivity);
	}
}
