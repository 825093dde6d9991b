package org.marrowj.marrow;

/**
 * Radiodensity statistics of one region (values in the CT's unit, normally HU). See
 * {@link RegionStats} for the definitions.
 */
public final class RegionStatistics {

	private final long voxels;
	private final double volume_ml, hu_mean, hu_sd, hu_median, hu_p05, hu_p95;

	public RegionStatistics(final long voxels, final double volume_ml, final double hu_mean, final double hu_sd,
		final double hu_median, final double hu_p05, final double hu_p95)
	{
		this.voxels = voxels;
		this.volume_ml = volume_ml;
		this.hu_mean = hu_mean;
		this.hu_sd = hu_sd;
		this.hu_median = hu_median;
		this.hu_p05 = hu_p05;
		this.hu_p95 = hu_p95;
	}

	/** Number of voxels n. */
	public long voxels() {
		return voxels;
	}

	/** n x voxel volume (mm^3) / 1000. */
	public double volume_ml() {
		return volume_ml;
	}

	/** Arithmetic mean. */
	public double hu_mean() {
		return hu_mean;
	}

	/** Sample standard deviation sqrt(sum (v - mean)^2 / (n - 1)); NaN when n = 1 (undefined). */
	public double hu_sd() {
		return hu_sd;
	}

	/** 50th percentile (R type 7). */
	public double hu_median() {
		return hu_median;
	}

	/** 5th percentile (R type 7). */
	public double hu_p05() {
		return hu_p05;
	}

	/** 95th percentile (R type 7). */
	public double hu_p95() {
		return hu_p95;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT,
			"voxels=%d volume_ml=%.4f hu_mean=%.3f hu_sd=%.3f hu_median=%.3f hu_p05=%.3f hu_p95=%.3f", voxels, volume_ml, hu_mean,
			hu_sd, hu_median, hu_p05, hu_p95);
	}
}
