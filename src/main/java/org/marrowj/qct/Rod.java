package org.marrowj.qct;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured calibration rod: where it is, how large, and the HU statistics of its inner ROI.
 * <p>
 * The inner ROI is the set of voxels of the slices {@code z_first..z_last} whose centres lie within
 * {@link #roiRadius_mm()} of the rod axis (in-plane distance in mm); {@code hu_mean} is their
 * arithmetic mean and {@code hu_sd} their sample standard deviation sqrt(sum (v - mean)^2 / (n - 1)).
 */
public final class Rod {

	private final int index;
	private final double[] centreIndex, centre_mm;
	private final double radius_mm, roiRadius_mm, hu_mean, hu_sd;
	private final long voxels;
	private final int zFirst, zLast;

	Rod(final int index, final double[] centreIndex, final double[] centre_mm, final double radius_mm, final double roiRadius_mm,
		final double hu_mean, final double hu_sd, final long voxels, final int zFirst, final int zLast)
	{
		this.index = index;
		this.centreIndex = centreIndex.clone();
		this.centre_mm = centre_mm.clone();
		this.radius_mm = radius_mm;
		this.roiRadius_mm = roiRadius_mm;
		this.hu_mean = hu_mean;
		this.hu_sd = hu_sd;
		this.voxels = voxels;
		this.zFirst = zFirst;
		this.zLast = zLast;
	}

	/** Rod number, 1-based, in the calibration order. */
	public int index() {
		return index;
	}

	/** In-plane centre as continuous index (x, y) of the stored image. */
	public double[] centreIndex() {
		return centreIndex.clone();
	}

	/** World (LPS, mm) position of the rod axis at the middle slice of the range used. */
	public double[] centre_mm() {
		return centre_mm.clone();
	}

	/** Rod radius in mm (measured, or as given for user rods). */
	public double radius_mm() {
		return radius_mm;
	}

	/** Radius of the measurement ROI in mm. */
	public double roiRadius_mm() {
		return roiRadius_mm;
	}

	public double hu_mean() {
		return hu_mean;
	}

	public double hu_sd() {
		return hu_sd;
	}

	/** Number of voxels in the ROI over all slices used. */
	public long voxels() {
		return voxels;
	}

	public int zFirst() {
		return zFirst;
	}

	public int zLast() {
		return zLast;
	}

	Rod withIndex(final int i) {
		return new Rod(i, centreIndex, centre_mm, radius_mm, roiRadius_mm, hu_mean, hu_sd, voxels, zFirst, zLast);
	}

	/** JSON-ready description (snake_case keys). */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("index", index);
		m.put("centre_index", centreIndex.clone());
		m.put("centre_mm", centre_mm.clone());
		m.put("radius_mm", radius_mm);
		m.put("roi_radius_mm", roiRadius_mm);
		m.put("hu_mean", hu_mean);
		m.put("hu_sd", hu_sd);
		m.put("voxels", voxels);
		m.put("z_first", zFirst);
		m.put("z_last", zLast);
		return m;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "rod %d at (%.1f, %.1f, %.1f) mm r=%.2f mm: %.2f +- %.2f HU (%d voxels)", index,
			centre_mm[0], centre_mm[1], centre_mm[2], radius_mm, hu_mean, hu_sd, voxels);
	}
}
