package org.marrowj.qct;

import org.marrowj.BadInputException;

/**
 * Settings of calibration-rod detection and measurement ({@link RodDetector}). Field names follow
 * the parameter names of the public surface.
 */
public final class RodOptions {

	/** Number of rods of the phantom ({@code rod_count}, at least 2). */
	public int rod_count = 5;
	/** Accepted rod radius range in mm ({@code rod_radius_min_mm}, {@code rod_radius_max_mm}). */
	public double rod_radius_min_mm = 2, rod_radius_max_mm = 12;
	/** First and last stored slice (index axis 2, inclusive) to use; -1 = the first / last slice of the image. */
	public int z_first = -1, z_last = -1;
	/** Order of detected rods, see {@link RodOrder}. */
	public RodOrder rod_order = RodOrder.NORMAL;
	/**
	 * The measurement ROI of a rod of radius r is the concentric circle of radius
	 * {@code min(roi_fraction * r, r - roi_margin_mm)}, keeping clear of the partial-volume rim.
	 */
	public double roi_fraction = 0.7, roi_margin_mm = 1.5;
	/**
	 * Least |rod - surrounding| difference in HU (on the mean over the slices used) for an object to
	 * count as a rod ({@code min_contrast_hu}).
	 */
	public double min_contrast_hu = 20;

	public RodOptions() {}

	public RodOptions rodCount(final int n) {
		rod_count = n;
		return this;
	}

	public RodOptions zRange(final int first, final int last) {
		z_first = first;
		z_last = last;
		return this;
	}

	public RodOptions order(final RodOrder order) {
		rod_order = order;
		return this;
	}

	/** Checks every field; BadInputException naming the parameter otherwise. */
	public void validate() {
		if (rod_count < 2) throw new BadInputException("rod_count", "a calibration needs at least 2 rods, got " + rod_count);
		if (!(rod_radius_min_mm > 0) || !Double.isFinite(rod_radius_min_mm))
			throw new BadInputException("rod_radius_min_mm", "must be positive, got " + rod_radius_min_mm);
		if (!(rod_radius_max_mm >= rod_radius_min_mm) || !Double.isFinite(rod_radius_max_mm))
			throw new BadInputException("rod_radius_max_mm", "must be at least rod_radius_min_mm (" + rod_radius_min_mm + "), got " +
				rod_radius_max_mm);
		if (z_first < -1) throw new BadInputException("z_first", "must be a slice index or -1 (first slice), got " + z_first);
		if (z_last < -1) throw new BadInputException("z_last", "must be a slice index or -1 (last slice), got " + z_last);
		if (rod_order == null) throw new BadInputException("rod_order", "must be normal or reversed");
		if (!(roi_fraction > 0 && roi_fraction <= 1))
			throw new BadInputException("roi_fraction", "must be in (0, 1], got " + roi_fraction);
		if (!(roi_margin_mm >= 0) || !Double.isFinite(roi_margin_mm))
			throw new BadInputException("roi_margin_mm", "must be 0 or positive, got " + roi_margin_mm);
		if (!(min_contrast_hu > 0) || !Double.isFinite(min_contrast_hu))
			throw new BadInputException("min_contrast_hu", "must be positive, got " + min_contrast_hu);
	}
}
