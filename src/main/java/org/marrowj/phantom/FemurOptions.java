package org.marrowj.phantom;

import org.marrowj.BadInputException;

/**
 * Options of the femoral mid-shaft phantom ({@link Phantoms#femur(FemurOptions)}): both thighs in
 * cross-section, a stack cropped from the mid-shaft so the marrow canal is open at both ends.
 * Default grid 256 x 256 x 60 voxels at 0.8 x 0.8 x 2 mm, centred at world (0, 0, 0).
 * <p>
 * Per side s (left: femur centre x &gt; 0, phase 0; right: x &lt; 0, phase pi/2) the cortical
 * ring at world height z has outer radius R(z) = outerRadius_mm + outerAmplitude_mm *
 * sin(2 pi z / period_mm + phase_s) and inner radius r(z) = innerRadius_mm + innerAmplitude_mm *
 * sin(2 pi z / period_mm + phase_s).
 */
public final class FemurOptions extends PhantomOptions {

	public double air_hu = -1000, fat_hu = -100, muscle_hu = 50, cortex_hu = 1400;
	/** Marrow HU of the patient's left (+x) and right femur: different, so a side mix-up is caught. */
	public double marrowLeft_hu = -60, marrowRight_hu = -20;
	public double otherBone_hu = 1200;

	public double outerRadius_mm = 13, innerRadius_mm = 7.5;
	public double outerAmplitude_mm = 0.6, innerAmplitude_mm = 0.4, period_mm = 240;

	/** A second bone (disc of {@link #touchingRadius_mm}) overlapping the left ring from outside (anterior). */
	public boolean touchingBone;
	public double touchingRadius_mm = 5, touchingOverlap_mm = 1;

	/** A gap in the right femur's cortical ring (lateral, width {@link #openRingGap_mm}) so that ring never closes. */
	public boolean openRing;
	public double openRingGap_mm = 4;
	/** World z range {from, to} (mm) of the gap; null = the middle third of the stack. */
	public double[] openRingZ_mm;

	public FemurOptions() {
		super(256, 256, 60, 0.8, 0.8, 2.0);
	}

	@Override
	double[] anatomyExtent_mm() {
		return new double[] { 2 * (FemurModel.THIGH_CX + FemurModel.FAT_A) + 4, 2 * FemurModel.FAT_B + 4, 0 };
	}

	@Override
	double[] centre_mm() {
		return new double[3];
	}

	@Override
	void validate() {
		super.validate();
		for (final double v : new double[] { air_hu, fat_hu, muscle_hu, cortex_hu, marrowLeft_hu, marrowRight_hu, otherBone_hu })
			finite("tissue HU", v);
		positive("outer_radius_mm", outerRadius_mm);
		positive("inner_radius_mm", innerRadius_mm);
		positive("period_mm", period_mm);
		finite("outer_amplitude_mm", outerAmplitude_mm);
		finite("inner_amplitude_mm", innerAmplitude_mm);
		if (innerRadius_mm + Math.abs(innerAmplitude_mm) >= outerRadius_mm - Math.abs(outerAmplitude_mm))
			throw new BadInputException("inner_radius_mm", "the marrow canal must stay inside the cortical ring: inner " +
				innerRadius_mm + "+-" + innerAmplitude_mm + " mm vs outer " + outerRadius_mm + "+-" + outerAmplitude_mm + " mm");
		if (outerRadius_mm + Math.abs(outerAmplitude_mm) + (touchingBone ? 2 * touchingRadius_mm : 0) > 30)
			throw new BadInputException("outer_radius_mm", "the femur (and touching bone) must fit in the thigh muscle (30 mm)");
		positive("touching_radius_mm", touchingRadius_mm);
		if (!(touchingOverlap_mm >= 0) || touchingOverlap_mm >= touchingRadius_mm)
			throw new BadInputException("touching_overlap_mm", "must be in [0, touching_radius_mm), got " + touchingOverlap_mm);
		positive("open_ring_gap_mm", openRingGap_mm);
		if (openRingZ_mm != null && (openRingZ_mm.length != 2 || !(openRingZ_mm[0] <= openRingZ_mm[1])))
			throw new BadInputException("open_ring_z_mm", "expected {from, to} with from <= to");
	}
}
