package org.marrowj.phantom;

import org.marrowj.BadInputException;

/**
 * Options of the lumbar spine phantom ({@link Phantoms#spine(SpineOptions)}): vertebrae T12, L1,
 * ..., L5 stacked along z (T12 superior), each a vertebral body (elliptic cylinder: cortical shell
 * and endplates around a trabecular core) with posterior elements behind it, intervertebral discs
 * between them (and above T12, below L5), in soft tissue and fat. Default grid 192 x 192 x 112
 * voxels at 1 x 1 x 2 mm. Per-level arrays are in the order T12, L1, L2, L3, L4, L5.
 */
public final class SpineOptions extends PhantomOptions {

	public static final String[] LEVELS = { "T12", "L1", "L2", "L3", "L4", "L5" };

	public double[] coreHu = { 160, 150, 140, 130, 120, 110 };
	/** Body width (x), depth (y) and height (z) per level, mm. */
	public double[] width_mm = { 40, 41, 42, 43, 44, 45 };
	public double[] depth_mm = { 29, 29.5, 30, 30.5, 31, 31.5 };
	public double[] height_mm = { 24, 25, 25, 25, 25, 24 };
	/** Cortical shell thickness in the axial plane and endplate thickness along z, mm. */
	public double shell_mm = 1.5, endplate_mm = 2.0;
	public double disc_mm = 9;
	public double shell_hu = 600, posterior_hu = 500, disc_hu = 90, softTissue_hu = 40, fat_hu = -100, air_hu = -1000;

	public SpineOptions() {
		super(192, 192, 112, 1, 1, 2);
	}

	double columnHeight_mm() {
		double h = 7 * disc_mm;
		for (final double v : height_mm)
			h += v;
		return h;
	}

	@Override
	double[] anatomyExtent_mm() {
		return new double[] { 2 * SpineModel.TRUNK_A + 2, 2 * SpineModel.TRUNK_B + 2, columnHeight_mm() + 2 };
	}

	@Override
	double[] centre_mm() {
		return new double[] { 0, SpineModel.TRUNK_CY, 0 };
	}

	@Override
	void validate() {
		super.validate();
		for (final Object[] a : new Object[][] { { "core_hu", coreHu }, { "width_mm", width_mm }, { "depth_mm", depth_mm },
			{ "height_mm", height_mm } })
		{
			final double[] v = (double[]) a[1];
			if (v == null || v.length != 6) throw new BadInputException((String) a[0], "six values (T12..L5) are needed");
			for (final double d : v)
				if (a[0].equals("core_hu")) finite("core_hu", d);
				else positive((String) a[0], d);
		}
		positive("shell_mm", shell_mm);
		positive("endplate_mm", endplate_mm);
		positive("disc_mm", disc_mm);
		for (int k = 0; k < 6; k++) {
			if (2 * shell_mm >= Math.min(width_mm[k], depth_mm[k]) || 2 * endplate_mm >= height_mm[k])
				throw new BadInputException("shell_mm", "the shell leaves no core in " + LEVELS[k]);
			if (width_mm[k] > 2 * 60 || depth_mm[k] > 2 * 30)
				throw new BadInputException("width_mm", "vertebral body of " + LEVELS[k] + " does not fit the trunk model");
		}
		for (final double v : new double[] { shell_hu, posterior_hu, disc_hu, softTissue_hu, fat_hu, air_hu })
			finite("tissue HU", v);
	}
}
