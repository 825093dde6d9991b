package org.marrowj.qct;

import org.marrowj.BadInputException;

/** Settings of {@link FemoralNeck#analyze}. Densities are K2HPO4-equivalent, mg/cm^3. */
public final class NeckSettings {

	/** Bone threshold of the femur mask (voxels at or above it, largest component, holes filled). */
	public double bone_mgcm3 = 150;
	/** Cortical threshold: bone voxels at or above it are cortical, the rest of the filled femur trabecular. */
	public double cortical_mgcm3 = 350;
	/** Body weight (kg) for CSI and the Karlamangla index; NaN = not given (those indices are left out with a reason). */
	public double weight_kg = Double.NaN;
	/** Thickness (mm, along the neck axis) of the neck region, a slab centred on the narrowest section. */
	public double region_mm = 10;
	/** Pixel size (mm) of the reformatted narrowest section; 0 = half the smallest voxel spacing. */
	public double pixel_mm = 0;
	/** Optional head centre (world LPS mm); null = found by a sphere fit. */
	public double[] headCentre_mm = null;
	/** Optional head radius (mm) used with a given head centre; NaN = fitted (requires the head in view). */
	public double headRadius_mm = Double.NaN;
	/** Optional neck axis direction (world, from the head towards the shaft); null = found from the section centroids. */
	public double[] axis = null;

	/** Checks every value; throws {@link BadInputException} naming the parameter. */
	public void validate() {
		positive("bone_mgcm3", bone_mgcm3);
		positive("cortical_mgcm3", cortical_mgcm3);
		if (cortical_mgcm3 <= bone_mgcm3) throw new BadInputException("cortical_mgcm3", "must be above bone_mgcm3 (" + bone_mgcm3 + ")");
		if (!Double.isNaN(weight_kg) && !(weight_kg > 0 && weight_kg < 1000))
			throw new BadInputException("weight_kg", "must be in (0, 1000) kg or not given, got " + weight_kg);
		if (!(region_mm >= 1 && region_mm <= 40)) throw new BadInputException("region_mm", "must be in [1, 40] mm, got " + region_mm);
		if (!(pixel_mm >= 0 && pixel_mm <= 2)) throw new BadInputException("pixel_mm", "must be 0 (automatic) or in (0, 2] mm, got " + pixel_mm);
		if (headCentre_mm != null && (headCentre_mm.length != 3 || !Double.isFinite(headCentre_mm[0] + headCentre_mm[1] + headCentre_mm[2])))
			throw new BadInputException("head_centre_mm", "three finite coordinates are needed");
		if (!Double.isNaN(headRadius_mm) && !(headRadius_mm > 5 && headRadius_mm < 60))
			throw new BadInputException("head_radius_mm", "must be in (5, 60) mm, got " + headRadius_mm);
		if (headCentre_mm != null && Double.isNaN(headRadius_mm))
			throw new BadInputException("head_radius_mm", "is needed with a given head_centre_mm");
		if (axis != null) {
			if (axis.length != 3) throw new BadInputException("axis", "three components are needed");
			final double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
			if (!(n > 0) || !Double.isFinite(n)) throw new BadInputException("axis", "must be a finite non-zero vector");
			if (headCentre_mm == null) throw new BadInputException("axis", "a given axis needs head_centre_mm too");
		}
	}

	private static void positive(final String name, final double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new BadInputException(name, "must be positive and finite, got " + v);
	}
}
