package org.marrowj.phantom;

import org.marrowj.BadInputException;

/**
 * Options of the proximal-femur QCT phantom ({@link Phantoms#hip(HipOptions)}): the patient's left
 * proximal femur (head sphere with cortical shell, elliptical neck tube oblique to all image axes,
 * vertical shaft tube) in soft tissue, a five-rod K2HPO4 calibration phantom under the patient
 * (posterior, +y) and the table. Bone densities are K2HPO4-equivalent (mg/cm^3), rendered as HU =
 * intercept_hu + slope_hu_per_mg_cm3 * density, as are the rods and the phantom block (density 0).
 * Default grid 256 x 256 x 120 voxels at 0.9 x 0.9 x 1 mm.
 * <p>
 * The rod concentrations are illustrative certificate-like values, not those of a commercial
 * phantom; pass a real certificate's values to mimic one.
 */
public final class HipOptions extends PhantomOptions {

	public double intercept_hu = -5, slope_hu_per_mg_cm3 = 1.25;
	public double cortical_mg_cm3 = 800, headTrabecular_mg_cm3 = 250, neckTrabecular_mg_cm3 = 170, shaftMedullary_mg_cm3 = 60;
	public double softTissue_hu = 40, fat_hu = -100, air_hu = -1000, table_hu = -300;

	public double headRadius_mm = 23, headShell_mm = 2;
	/** Neck outer semi-axes along e1 (the superior-inferior direction in the cross-section) and e2, wall thickness, length (head centre to shaft axis). */
	public double neckSemiAxis1_mm = 16, neckSemiAxis2_mm = 12, neckWall_mm = 2, neckLength_mm = 50;
	/** Angle between the neck axis (towards the head) and the distal shaft axis, and anteversion, degrees. */
	public double neckShaftAngle_deg = 125, anteversion_deg = 12;
	/**
	 * Waist of the neck: the outer semi-axes are scaled by f(s) = 1 + neckFlare ((s - s_w) / neckLength_mm)^2
	 * along the axis (s from the head centre, s_w = neckWaist_mm, NaN = half the neck length); the wall
	 * keeps its thickness. 0 (the default) = a straight tube.
	 */
	public double neckFlare = 0, neckWaist_mm = Double.NaN;
	/** World point (mm) at the centre of the grid, or null for the default (20, 25, -35): a smaller field of view can be centred on the neck. */
	public double[] fieldCentre_mm = null;
	public double shaftOuterRadius_mm = 15, shaftInnerRadius_mm = 9, shaftAboveJunction_mm = 15;

	public double[] rodK2hpo4_mg_cm3 = { 0.0, 51.3, 102.7, 203.9, 376.4 };
	/** Water-equivalent density of each rod's base material (certificate value), recorded in the truth only. */
	public double[] rodWaterEquivalent_mg_cm3 = { 1012.0, 1011.4, 1012.6, 1010.9, 1013.1 };
	public double rodRadius_mm = 6;

	public HipOptions() {
		super(256, 256, 120, 0.9, 0.9, 1.0);
	}

	/** The waist position s_w (mm from the head centre along the neck axis). */
	double waistPosition() {
		return Double.isNaN(neckWaist_mm) ? neckLength_mm / 2 : neckWaist_mm;
	}

	@Override
	double[] anatomyExtent_mm() {
		return new double[] { 230, 220, 120 };
	}

	@Override
	double[] centre_mm() {
		return fieldCentre_mm != null ? fieldCentre_mm.clone() : new double[] { 20, 25, -35 };
	}

	@Override
	void validate() {
		super.validate();
		positive("slope_hu_per_mg_cm3", slope_hu_per_mg_cm3);
		for (final double v : new double[] { intercept_hu, cortical_mg_cm3, headTrabecular_mg_cm3, neckTrabecular_mg_cm3,
			shaftMedullary_mg_cm3, softTissue_hu, fat_hu, air_hu, table_hu, anteversion_deg })
			finite("hip parameter", v);
		positive("head_radius_mm", headRadius_mm);
		positive("head_shell_mm", headShell_mm);
		positive("neck_wall_mm", neckWall_mm);
		positive("neck_length_mm", neckLength_mm);
		positive("shaft_inner_radius_mm", shaftInnerRadius_mm);
		positive("shaft_above_junction_mm", shaftAboveJunction_mm);
		if (headShell_mm >= headRadius_mm) throw new BadInputException("head_shell_mm", "must be less than head_radius_mm");
		if (neckWall_mm >= Math.min(neckSemiAxis1_mm, neckSemiAxis2_mm))
			throw new BadInputException("neck_wall_mm", "must be less than the neck semi-axes");
		if (Math.max(neckSemiAxis1_mm, neckSemiAxis2_mm) >= headRadius_mm)
			throw new BadInputException("neck_semi_axis1_mm", "the neck must be narrower than the head");
		if (!(neckFlare >= 0) || Double.isInfinite(neckFlare)) throw new BadInputException("neck_flare", "must be 0 or positive and finite");
		final double sw = waistPosition();
		if (!(sw >= 0 && sw <= neckLength_mm)) throw new BadInputException("neck_waist_mm", "must lie within the neck length");
		final double fmax = 1 + neckFlare * Math.pow(Math.max(sw, neckLength_mm - sw) / neckLength_mm, 2);
		if (Math.max(neckSemiAxis1_mm, neckSemiAxis2_mm) * fmax >= headRadius_mm)
			throw new BadInputException("neck_flare", "the flared neck must stay narrower than the head");
		if (fieldCentre_mm != null && (fieldCentre_mm.length != 3 || !Double.isFinite(fieldCentre_mm[0] + fieldCentre_mm[1] + fieldCentre_mm[2])))
			throw new BadInputException("field_centre_mm", "three finite coordinates are needed");
		if (shaftInnerRadius_mm >= shaftOuterRadius_mm)
			throw new BadInputException("shaft_inner_radius_mm", "must be less than shaft_outer_radius_mm");
		if (!(neckShaftAngle_deg > 90 && neckShaftAngle_deg < 180))
			throw new BadInputException("neck_shaft_angle_deg", "must be between 90 and 180, got " + neckShaftAngle_deg);
		if (rodK2hpo4_mg_cm3 == null || rodK2hpo4_mg_cm3.length != 5)
			throw new BadInputException("rod_k2hpo4_mg_cm3", "five rod concentrations are needed");
		if (rodWaterEquivalent_mg_cm3 == null || rodWaterEquivalent_mg_cm3.length != 5)
			throw new BadInputException("rod_water_equivalent_mg_cm3", "five values are needed");
		for (final double v : rodK2hpo4_mg_cm3)
			finite("rod_k2hpo4_mg_cm3", v);
		if (!(rodRadius_mm > 0 && rodRadius_mm <= 12)) throw new BadInputException("rod_radius_mm", "must be in (0, 12] mm");
	}
}
