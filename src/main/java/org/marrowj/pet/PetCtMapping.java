package org.marrowj.pet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.morph.Resample;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Correspondence between a PET grid and another grid (typically the CT's, or a label map on it)
 * through world coordinates: both grids place their voxels in the patient (LPS, mm) by their
 * {@link Geometry} (origin, spacing, direction cosines), so a CT voxel centre at world w is the
 * continuous PET index {@code u = diag(1/s_pet) D_pet^-1 (w - o_pet)}. No registration: the two
 * images must share a frame of reference.
 * <p>
 * Checks on construction: the FrameOfReferenceUID properties must be equal when both are present
 * (otherwise refused unless {@code assume_aligned}); a missing one gives a warning. The grids'
 * extents (voxel i covering indices [i - 0.5, i + 0.5]) must overlap, tested exactly as two
 * parallelepipeds by the separating axis theorem.
 * <p>
 * Directions: {@link #petOnGrid} samples the PET at the other grid's voxel centres (trilinear,
 * {@link Resample#linear}); {@link #fractionOnPet} carries one label to the PET grid as the
 * fraction of each PET voxel inside it ({@link Resample#labelFraction}, supersampling).
 */
public final class PetCtMapping {

	public static final String FRAME_OF_REFERENCE_UID = "FrameOfReferenceUID";

	private final Geometry pet, other;
	private final long[] petDims, otherDims;
	private final List<String> warnings = new ArrayList<>();

	/**
	 * @param pet the PET volume (its grid and properties)
	 * @param other the CT or label volume
	 * @param assume_aligned accept differing FrameOfReferenceUIDs (the caller states the images are
	 *        aligned in world coordinates)
	 * @throws BadInputException for differing frames of reference (without assume_aligned) or grids
	 *         that do not overlap
	 */
	public PetCtMapping(final Volume<?> pet, final Volume<?> other, final boolean assume_aligned) {
		this.pet = pet.geometry();
		this.other = other.geometry();
		this.petDims = pet.dimensions();
		this.otherDims = other.dimensions();
		final String a = uid(pet), b = uid(other);
		if (a != null && b != null && !a.equals(b)) {
			if (!assume_aligned) throw new BadInputException("assume_aligned", "the PET's FrameOfReferenceUID " + a +
				" differs from the other image's " + b +
				": their world coordinates are not known to agree; register them first, or set assume_aligned if they are aligned");
			warnings.add("FrameOfReferenceUIDs differ (" + a + ", " + b + "); taken as aligned (assume_aligned)");
		}
		else if (a == null || b == null) warnings.add("FrameOfReferenceUID missing on " + (a == null && b == null ? "both images"
			: a == null ? "the PET" : "the other image") + ": the shared frame of reference could not be checked");
		if (!overlap(this.pet, petDims, this.other, otherDims)) throw new BadInputException("pet",
			"the PET field of view and the other image do not overlap in world coordinates (PET " + extent(this.pet, petDims) +
				", other " + extent(this.other, otherDims) + ")");
	}

	private static String uid(final Volume<?> v) {
		final String s = v.property(FRAME_OF_REFERENCE_UID);
		return s == null || s.trim().isEmpty() ? null : s.trim();
	}

	/** Remarks (unchecked frame of reference, assumed alignment); empty when none. */
	public List<String> warnings() {
		return Collections.unmodifiableList(warnings);
	}

	public Geometry petGeometry() {
		return pet;
	}

	public Geometry otherGeometry() {
		return other;
	}

	/** Continuous PET index of a world point (voxel centres at integers). */
	public double[] worldToPetIndex(final double[] world_mm) {
		return pet.worldToIndex(world_mm);
	}

	/** World point of a continuous PET index. */
	public double[] petIndexToWorld(final double[] index) {
		return pet.indexToWorld(index[0], index[1], index[2]);
	}

	/** Continuous PET index of the centre of voxel (x, y, z) of the other grid. */
	public double[] otherToPetIndex(final double x, final double y, final double z) {
		return pet.worldToIndex(other.indexToWorld(x, y, z));
	}

	/** True when the continuous PET index lies in the PET extent (-0.5 &lt;= u &lt;= n - 0.5 on every axis). */
	public boolean insidePet(final double[] petIndex) {
		for (int d = 0; d < 3; d++)
			if (!(petIndex[d] >= -0.5 && petIndex[d] <= petDims[d] - 0.5)) return false;
		return true;
	}

	/**
	 * The PET sampled at the other grid's voxel centres by trilinear interpolation
	 * ({@link Resample#linear}); voxels outside the PET get NaN and are marked in the result's
	 * outside mask.
	 */
	public static <T extends RealType<T> & NativeType<T>> Resample.Result<FloatType> petOnGrid(final Volume<T> pet,
		final Geometry grid, final int[] dims)
	{
		return Resample.linear(pet, grid, dims, Float.NaN);
	}

	/**
	 * Fraction of each PET voxel inside region {@code label} of {@code labels} (any grid), by
	 * {@code n x n x n} supersampling of each PET voxel ({@link Resample#labelFraction}).
	 */
	public static <L extends RealType<L> & NativeType<L>> Volume<FloatType> fractionOnPet(final Volume<L> labels, final int label,
		final Volume<?> pet, final int n)
	{
		final long[] d = pet.dimensions();
		return Resample.labelFraction(labels, label, pet.geometry(), new int[] { (int) d[0], (int) d[1], (int) d[2] }, n);
	}

	// ---------------------------------------------------------------- overlap

	/** Corners of a grid's extent (voxel centres +- half a voxel), world mm. */
	static double[][] corners(final Geometry g, final long[] dims) {
		final double[][] c = new double[8][];
		for (int k = 0; k < 8; k++)
			c[k] = g.indexToWorld((k & 1) == 0 ? -0.5 : dims[0] - 0.5, (k & 2) == 0 ? -0.5 : dims[1] - 0.5,
				(k & 4) == 0 ? -0.5 : dims[2] - 0.5);
		return c;
	}

	/**
	 * True when the extents of two grids intersect with positive volume (separating axis theorem for
	 * two parallelepipeds: face normals of each and cross products of their edge directions).
	 */
	static boolean overlap(final Geometry a, final long[] da, final Geometry b, final long[] db) {
		final double[][] ca = corners(a, da), cb = corners(b, db);
		final double[][] ea = { a.axis(0), a.axis(1), a.axis(2) }, eb = { b.axis(0), b.axis(1), b.axis(2) };
		final List<double[]> axes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			axes.add(cross(ea[i], ea[(i + 1) % 3]));
			axes.add(cross(eb[i], eb[(i + 1) % 3]));
			for (int j = 0; j < 3; j++)
				axes.add(cross(ea[i], eb[j]));
		}
		for (final double[] ax : axes) {
			final double n = Math.sqrt(dot(ax, ax));
			if (n < 1e-9) continue;
			double minA = Double.POSITIVE_INFINITY, maxA = Double.NEGATIVE_INFINITY, minB = minA, maxB = maxA;
			for (int k = 0; k < 8; k++) {
				final double pa = dot(ca[k], ax) / n, pb = dot(cb[k], ax) / n;
				minA = Math.min(minA, pa);
				maxA = Math.max(maxA, pa);
				minB = Math.min(minB, pb);
				maxB = Math.max(maxB, pb);
			}
			if (maxA <= minB + 1e-9 || maxB <= minA + 1e-9) return false;
		}
		return true;
	}

	private static String extent(final Geometry g, final long[] d) {
		final double[][] c = corners(g, d);
		final double[] lo = { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY };
		final double[] hi = { Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (final double[] p : c)
			for (int r = 0; r < 3; r++) {
				lo[r] = Math.min(lo[r], p[r]);
				hi[r] = Math.max(hi[r], p[r]);
			}
		return String.format(java.util.Locale.ROOT, "x %.1f..%.1f, y %.1f..%.1f, z %.1f..%.1f mm", lo[0], hi[0], lo[1], hi[1], lo[2],
			hi[2]);
	}

	private static double[] cross(final double[] a, final double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	private static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}
}
