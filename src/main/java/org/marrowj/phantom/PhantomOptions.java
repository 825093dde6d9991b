package org.marrowj.phantom;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;

/**
 * Grid, noise and storage options shared by every phantom kind. Sizes are in voxels along the
 * world axes x (patient's left), y (posterior), z (superior) before any flip or swap; spacing in
 * mm. The grid is centred on the phantom's anatomy centre (kind-specific): the centre of voxel
 * (0,0,0) of the unflipped grid is {@code centre - (n - 1)/2 * spacing} on each axis.
 * <p>
 * Storage options change only how the same world anatomy is stored: {@code flipX} reverses the
 * index axis that runs along world x (its direction column is negated and the origin moved to the
 * other end, so every voxel keeps its world position); likewise {@code flipY}, {@code flipZ};
 * {@code swapXY} exchanges index axes 0 and 1 (stored size ny x nx x nz, index axis 0 along world
 * y).
 */
public abstract class PhantomOptions {

	/** Voxels along world x, y, z. */
	public int nx, ny, nz;
	/** Voxel spacing along world x, y, z, in mm. */
	public double[] spacing_mm;
	/** Seed of the Gaussian noise; the same seed gives identical images. */
	public long seed = 1;
	/** Standard deviation of the additive Gaussian noise in the image's unit (HU); 0 = noise-free. */
	public double noiseSd_hu = 10;
	/**
	 * Round the noise term to whole HU (value = tissue HU + rint(noise)): integer tissue HU give
	 * integer voxels as scanners store them, the files compress well, and noise-free values stay exact.
	 */
	public boolean integerNoise = true;
	public boolean flipX, flipY, flipZ, swapXY;

	protected PhantomOptions(final int nx, final int ny, final int nz, final double sx, final double sy, final double sz) {
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.spacing_mm = new double[] { sx, sy, sz };
	}

	/** Sets the size in voxels (world x, y, z); returns this. */
	public PhantomOptions size(final int nx, final int ny, final int nz) {
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		return this;
	}

	/** Sets the spacing in mm (world x, y, z); returns this. */
	public PhantomOptions spacing(final double sx, final double sy, final double sz) {
		this.spacing_mm = new double[] { sx, sy, sz };
		return this;
	}

	/** Minimum field of view (mm, world x, y, z) that shows the whole anatomy; 0 = any. */
	abstract double[] anatomyExtent_mm();

	/** World point (mm) at the centre of the grid. */
	abstract double[] centre_mm();

	/**
	 * Resizes the grid to {@code size} voxels keeping the whole anatomy in view: in-plane spacing
	 * becomes max(default, extent_x / nx, extent_y / ny) (isotropic when the default is), z spacing
	 * max(default, extent_z / nz).
	 */
	void fitSize(final int[] size) {
		final double[] ext = anatomyExtent_mm();
		double sx = Math.max(spacing_mm[0], ext[0] / size[0]);
		double sy = Math.max(spacing_mm[1], ext[1] / size[1]);
		if (spacing_mm[0] == spacing_mm[1]) sx = sy = Math.max(sx, sy);
		final double sz = Math.max(spacing_mm[2], ext[2] / size[2]);
		size(size[0], size[1], size[2]);
		spacing(sx, sy, sz);
	}

	void validate() {
		if (nx < 1 || ny < 1 || nz < 1)
			throw new BadInputException("size", "every dimension must be at least 1 voxel, got " + nx + "x" + ny + "x" + nz);
		if ((long) nx * ny > Integer.MAX_VALUE)
			throw new BadInputException("size", "a slice of " + nx + "x" + ny + " voxels is too large");
		if (spacing_mm == null || spacing_mm.length != 3)
			throw new BadInputException("spacing_mm", "three spacings (x, y, z) are needed");
		for (final double s : spacing_mm)
			if (!(s > 0) || Double.isInfinite(s))
				throw new BadInputException("spacing_mm", "must be positive and finite, got " + s);
		if (!(noiseSd_hu >= 0) || Double.isInfinite(noiseSd_hu))
			throw new BadInputException("noise_sd_hu", "must be 0 or positive and finite, got " + noiseSd_hu);
	}

	static void positive(final String name, final double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new BadInputException(name, "must be positive and finite, got " + v);
	}

	static void finite(final String name, final double v) {
		if (!Double.isFinite(v)) throw new BadInputException(name, "must be finite, got " + v);
	}

	/** Stored image dimensions (x and y exchanged when {@link #swapXY}). */
	int[] storedSize() {
		return swapXY ? new int[] { ny, nx, nz } : new int[] { nx, ny, nz };
	}

	/** The storage geometry: centred on {@link #centre_mm()}, then flipped and swapped as requested. */
	Geometry geometry() {
		final double[] c = centre_mm();
		final int[] n = { nx, ny, nz };
		final double[] s = spacing_mm.clone();
		final double[] origin = new double[3];
		final double[] dir = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
		final boolean[] flip = { flipX, flipY, flipZ };
		for (int a = 0; a < 3; a++) {
			origin[a] = c[a] - (n[a] - 1) / 2.0 * s[a];
			if (flip[a]) {
				origin[a] += (n[a] - 1) * s[a];
				dir[4 * a] = -1;
			}
		}
		if (swapXY) {
			for (int r = 0; r < 3; r++) {
				final double t = dir[3 * r];
				dir[3 * r] = dir[3 * r + 1];
				dir[3 * r + 1] = t;
			}
			final double t = s[0];
			s[0] = s[1];
			s[1] = t;
		}
		return new Geometry(s, origin, dir);
	}
}
