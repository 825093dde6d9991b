package org.marrowj.image;

import java.util.Arrays;

/**
 * Where every voxel of a 3D grid lies in the patient. World coordinates are DICOM patient
 * coordinates (LPS: +x to the patient's left, +y posterior, +z superior) in millimetres.
 * <p>
 * {@code world = origin + D * diag(spacing) * index}, where {@code origin} is the world position of
 * the centre of voxel (0,0,0), {@code spacing} the distance in mm between voxel centres along each
 * index axis, and {@code D} a 3x3 matrix whose column {@code j} is the unit direction of index axis
 * {@code j} in world space. For a DICOM series, column 0 is the row direction cosine of
 * ImageOrientationPatient, column 1 the column direction cosine and column 2 the slice normal
 * (the direction of increasing slice position).
 * <p>
 * Immutable.
 */
public final class Geometry {

	private final double[] spacing;
	private final double[] origin;
	/** row-major 3x3: direction[3*r + c] */
	private final double[] direction;

	/**
	 * @param spacing_mm voxel spacing along index axes x, y, z, in mm (each &gt; 0)
	 * @param origin_mm world (LPS) position of the centre of voxel (0,0,0), in mm
	 * @param direction row-major 3x3 matrix; column j = world direction of index axis j
	 */
	public Geometry(final double[] spacing_mm, final double[] origin_mm, final double[] direction) {
		if (spacing_mm.length != 3 || origin_mm.length != 3 || direction.length != 9)
			throw new IllegalArgumentException("Geometry needs 3 spacings, 3 origin coordinates and a 3x3 direction");
		for (final double s : spacing_mm)
			if (!(s > 0) || Double.isInfinite(s))
				throw new IllegalArgumentException("voxel spacing must be positive and finite: " + Arrays.toString(spacing_mm));
		for (final double o : origin_mm)
			if (!Double.isFinite(o)) throw new IllegalArgumentException("origin must be finite: " + Arrays.toString(origin_mm));
		for (final double d : direction)
			if (!Double.isFinite(d)) throw new IllegalArgumentException("direction must be finite: " + Arrays.toString(direction));
		this.spacing = spacing_mm.clone();
		this.origin = origin_mm.clone();
		this.direction = direction.clone();
	}

	/** Axis-aligned grid (identity direction) with the given spacing and origin. */
	public static Geometry axisAligned(final double[] spacing_mm, final double[] origin_mm) {
		return new Geometry(spacing_mm, origin_mm, new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 });
	}

	/** Axis-aligned grid at the world origin. */
	public static Geometry ofSpacing(final double sx, final double sy, final double sz) {
		return axisAligned(new double[] { sx, sy, sz }, new double[3]);
	}

	public double[] spacing() {
		return spacing.clone();
	}

	public double spacing(final int axis) {
		return spacing[axis];
	}

	public double[] origin() {
		return origin.clone();
	}

	/** Row-major copy of the direction matrix. */
	public double[] direction() {
		return direction.clone();
	}

	/** Element (row r, column c) of the direction matrix. */
	public double direction(final int r, final int c) {
		return direction[3 * r + c];
	}

	/** World unit vector of index axis {@code axis} (column {@code axis} of D). */
	public double[] axis(final int axis) {
		return new double[] { direction[axis], direction[3 + axis], direction[6 + axis] };
	}

	/** Voxel volume in mm^3 (|det D| x sx x sy x sz; |det D| = 1 for orthonormal D). */
	public double voxelVolume_mm3() {
		return Math.abs(det(direction)) * spacing[0] * spacing[1] * spacing[2];
	}

	/** world = origin + D * diag(spacing) * index. */
	public double[] indexToWorld(final double ix, final double iy, final double iz) {
		final double[] w = new double[3];
		indexToWorld(ix, iy, iz, w);
		return w;
	}

	public void indexToWorld(final double ix, final double iy, final double iz, final double[] world) {
		final double a = ix * spacing[0], b = iy * spacing[1], c = iz * spacing[2];
		for (int r = 0; r < 3; r++)
			world[r] = origin[r] + direction[3 * r] * a + direction[3 * r + 1] * b + direction[3 * r + 2] * c;
	}

	/** index = diag(1/spacing) * D^-1 * (world - origin); continuous index (voxel centres are integers). */
	public double[] worldToIndex(final double[] world) {
		final double[] idx = new double[3];
		worldToIndex(world, idx);
		return idx;
	}

	public void worldToIndex(final double[] world, final double[] index) {
		final double[] inv = inverse();
		final double dx = world[0] - origin[0], dy = world[1] - origin[1], dz = world[2] - origin[2];
		for (int r = 0; r < 3; r++)
			index[r] = (inv[3 * r] * dx + inv[3 * r + 1] * dy + inv[3 * r + 2] * dz) / spacing[r];
	}

	private volatile double[] inverseCache;

	/** Row-major inverse of D (its transpose when D is orthonormal, computed generally). */
	public double[] inverse() {
		double[] inv = inverseCache;
		if (inv == null) {
			inv = invert(direction);
			inverseCache = inv;
		}
		return inv;
	}

	/**
	 * The 4x4 row-major affine from index to world: A = [D*diag(spacing) | origin; 0 0 0 1].
	 */
	public double[] indexToWorldAffine() {
		final double[] a = new double[16];
		for (int r = 0; r < 3; r++) {
			for (int c = 0; c < 3; c++)
				a[4 * r + c] = direction[3 * r + c] * spacing[c];
			a[4 * r + 3] = origin[r];
		}
		a[15] = 1;
		return a;
	}

	/**
	 * Builds a geometry from a 3x4 (or 4x4) row-major index-to-world affine in LPS mm: spacing =
	 * column norms, direction = normalised columns, origin = translation.
	 */
	public static Geometry fromAffine(final double[] affine) {
		final double[] sp = new double[3];
		final double[] dir = new double[9];
		for (int c = 0; c < 3; c++) {
			final double n = Math.sqrt(sq(affine[c]) + sq(affine[4 + c]) + sq(affine[8 + c]));
			sp[c] = n;
			for (int r = 0; r < 3; r++)
				dir[3 * r + c] = n == 0 ? (r == c ? 1 : 0) : affine[4 * r + c] / n;
		}
		return new Geometry(sp, new double[] { affine[3], affine[7], affine[11] }, dir);
	}

	/** A geometry with the same orientation and spacing whose voxel (0,0,0) is this one's voxel (x0,y0,z0). */
	public Geometry crop(final long x0, final long y0, final long z0) {
		return new Geometry(spacing, indexToWorld(x0, y0, z0), direction);
	}

	/** True when both grids agree: spacing, origin (within tol_mm) and direction (within 1e-6). */
	public boolean sameGrid(final Geometry o, final double tol_mm) {
		for (int i = 0; i < 3; i++) {
			if (Math.abs(spacing[i] - o.spacing[i]) > tol_mm) return false;
			if (Math.abs(origin[i] - o.origin[i]) > tol_mm) return false;
		}
		for (int i = 0; i < 9; i++)
			if (Math.abs(direction[i] - o.direction[i]) > 1e-6) return false;
		return true;
	}

	/**
	 * Which index axis points most nearly along world axis {@code worldAxis} (0 = L, 1 = P, 2 = S),
	 * and with which sign (+1: index increases towards +world). Returned as (axis+1)*sign.
	 */
	public int indexAxisAlongWorld(final int worldAxis) {
		int best = 0;
		double bestAbs = -1;
		for (int c = 0; c < 3; c++) {
			final double v = direction[3 * worldAxis + c];
			if (Math.abs(v) > bestAbs) {
				bestAbs = Math.abs(v);
				best = c;
			}
		}
		return (best + 1) * (direction[3 * worldAxis + best] >= 0 ? 1 : -1);
	}

	/** Determinant of a row-major 3x3 matrix. */
	public static double det(final double[] m) {
		return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
	}

	/** Inverse of a row-major 3x3 matrix (by cofactors); a singular matrix is an IllegalArgumentException. */
	public static double[] invert(final double[] m) {
		final double d = det(m);
		if (Math.abs(d) < 1e-12) throw new IllegalArgumentException("direction matrix is singular");
		final double[] r = new double[9];
		r[0] = (m[4] * m[8] - m[5] * m[7]) / d;
		r[1] = (m[2] * m[7] - m[1] * m[8]) / d;
		r[2] = (m[1] * m[5] - m[2] * m[4]) / d;
		r[3] = (m[5] * m[6] - m[3] * m[8]) / d;
		r[4] = (m[0] * m[8] - m[2] * m[6]) / d;
		r[5] = (m[2] * m[3] - m[0] * m[5]) / d;
		r[6] = (m[3] * m[7] - m[4] * m[6]) / d;
		r[7] = (m[1] * m[6] - m[0] * m[7]) / d;
		r[8] = (m[0] * m[4] - m[1] * m[3]) / d;
		return r;
	}

	private static double sq(final double v) {
		return v * v;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Geometry)) return false;
		final Geometry g = (Geometry) o;
		return Arrays.equals(spacing, g.spacing) && Arrays.equals(origin, g.origin) && Arrays.equals(direction, g.direction);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(spacing) * 31 + Arrays.hashCode(origin) * 17 + Arrays.hashCode(direction);
	}

	@Override
	public String toString() {
		return "Geometry[spacing_mm=" + Arrays.toString(spacing) + ", origin_mm=" + Arrays.toString(origin) + ", direction=" +
			Arrays.toString(direction) + "]";
	}
}
