package org.marrowj.phantom;

import org.marrowj.BadInputException;

/**
 * Options of the PET/CT phantom ({@link Phantoms#petct(PetCtOptions)}): the femoral CT phantom of
 * {@link #ct} plus a PET volume on its own grid. PET grid: spacing {@link #petSpacing_mm},
 * direction = rotation by {@link #petRotation_deg} about world z, size {@link #petSize} (null =
 * just covering the CT field of view), centre = CT grid centre + {@link #petShift_mm}, unless
 * {@link #petOrigin_mm} gives the world position of PET voxel (0,0,0) directly.
 * <p>
 * Default PET grid for the default CT (204.8 x 204.8 x 120 mm): 52 x 52 x 30 voxels of 4 mm.
 */
public final class PetCtOptions {

	/** The CT anatomy and grid (seed, noise, flips apply to the CT). */
	public FemurOptions ct = new FemurOptions();

	public double[] petSpacing_mm = { 4, 4, 4 };
	/** PET size in voxels, or null for the smallest grid covering the CT field of view. */
	public int[] petSize;
	public double[] petShift_mm = { 0, 0, 0 };
	public double petRotation_deg = 0;
	/** World position (mm) of the centre of PET voxel (0,0,0); null = centred as described above. */
	public double[] petOrigin_mm;
	/** Full width at half maximum of the Gaussian point-spread function, mm; 0 = no blur. */
	public double fwhm_mm = 6;
	/** Sub-samples per PET voxel and axis for the integration of the activity over the voxel. */
	public int supersample = 4;

	/** Activity concentration per tissue at scan start, Bq/mL. */
	public double air_bqml = 0, fat_bqml = 1500, muscle_bqml = 3000, cortex_bqml = 1000, marrowLeft_bqml = 8000,
			marrowRight_bqml = 12000, otherBone_bqml = 1000;

	/** SUV inputs: injected dose (Bq), body weight (kg), height (cm), sex, times (ISO local), half-life (s, 18F). */
	public double dose_bq = 3.5e8, weight_kg = 75, height_cm = 175;
	public String sex = "M";
	public String injectionTime = "2024-01-15T09:30:00";
	public String scanStartTime = "2024-01-15T10:30:00";
	public double halfLife_s = 6586.2;

	void validate() {
		if (ct == null) throw new BadInputException("ct", "CT options are needed");
		if (petSpacing_mm == null || petSpacing_mm.length != 3) throw new BadInputException("pet_spacing_mm", "three spacings needed");
		for (final double s : petSpacing_mm)
			PhantomOptions.positive("pet_spacing_mm", s);
		if (petSize != null) {
			if (petSize.length != 3) throw new BadInputException("pet_size", "three sizes needed");
			for (final int n : petSize)
				if (n < 1) throw new BadInputException("pet_size", "every dimension must be at least 1 voxel");
		}
		if (petShift_mm == null || petShift_mm.length != 3) throw new BadInputException("pet_shift_mm", "three values needed");
		for (final double s : petShift_mm)
			PhantomOptions.finite("pet_shift_mm", s);
		if (petOrigin_mm != null && petOrigin_mm.length != 3) throw new BadInputException("pet_origin_mm", "three values needed");
		PhantomOptions.finite("pet_rotation_deg", petRotation_deg);
		if (!(fwhm_mm >= 0) || Double.isInfinite(fwhm_mm)) throw new BadInputException("fwhm_mm", "must be 0 or positive, got " + fwhm_mm);
		if (supersample < 1 || supersample > 16) throw new BadInputException("supersample", "must be 1..16, got " + supersample);
		for (final double a : new double[] { air_bqml, fat_bqml, muscle_bqml, cortex_bqml, marrowLeft_bqml, marrowRight_bqml,
			otherBone_bqml })
			if (!(a >= 0) || Double.isInfinite(a)) throw new BadInputException("activity_bqml", "must be 0 or positive, got " + a);
		PhantomOptions.positive("dose_bq", dose_bq);
		PhantomOptions.positive("weight_kg", weight_kg);
		PhantomOptions.positive("height_cm", height_cm);
		PhantomOptions.positive("half_life_s", halfLife_s);
	}
}
