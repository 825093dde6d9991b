package org.marrowj.morph;

/**
 * Static facade of the binary morphology MarrowJ needs: connected components, exact Euclidean
 * distance transform with anisotropic spacing, shrinking and growing by a distance in mm, hole
 * filling. Distances are between voxel centres, in mm, using the voxel spacing. Voxels beyond the
 * image edge count as outside every region.
 */
public final class Morph {

	private Morph() {}

	/**
	 * Squared Euclidean distance (mm^2) from each voxel inside {@code m} to the centre of the nearest
	 * voxel outside it (beyond the edge counts as outside); 0 for voxels outside.
	 */
	public static float[] distanceToOutsideSquared(final Mask m, final double[] spacing_mm) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Keeps the voxels of {@code m} whose distance (mm) to the nearest voxel outside {@code m} is greater than {@code margin_mm}. */
	public static Mask shrink(final Mask m, final double margin_mm, final double[] spacing_mm) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Adds every voxel whose distance (mm) to the nearest voxel of {@code m} is at most {@code margin_mm}. */
	public static Mask grow(final Mask m, final double margin_mm, final double[] spacing_mm) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Connected components of {@code m} with 6, 18 or 26 connectivity. */
	public static Components components(final Mask m, final int connectivity) {
		throw new UnsupportedOperationException("not yet");
	}

	/** The largest connected component (ties: the lowest label), or an empty mask. */
	public static Mask largestComponent(final Mask m, final int connectivity) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Fills, in each z slice separately, the background regions not 4-connected to the slice edge. */
	public static Mask fillHoles2D(final Mask m) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Fills the background regions not 6-connected to the volume edge. */
	public static Mask fillHoles3D(final Mask m) {
		throw new UnsupportedOperationException("not yet");
	}
}
