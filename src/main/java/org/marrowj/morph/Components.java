package org.marrowj.morph;

/**
 * Result of connected-component labelling: a label per voxel (0 = background, components
 * numbered 1..count in order of their first voxel in flat index order) and each component's size.
 */
public final class Components {

	private final int nx, ny, nz;
	private final int[] labels;
	private final long[] sizes;

	public Components(final int nx, final int ny, final int nz, final int[] labels, final long[] sizes) {
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.labels = labels;
		this.sizes = sizes;
	}

	/** Flat labels, index x + nx*(y + ny*z). */
	public int[] labels() {
		return labels;
	}

	/** Number of components. */
	public int count() {
		return sizes.length - 1;
	}

	/** Voxel count of component {@code label} (1..count). */
	public long size(final int label) {
		return sizes[label];
	}

	/** The mask of one component. */
	public Mask mask(final int label) {
		final Mask m = new Mask(nx, ny, nz);
		final byte[] d = m.data();
		for (int i = 0; i < labels.length; i++)
			if (labels[i] == label) d[i] = 1;
		return m;
	}
}
