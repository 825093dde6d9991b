package org.marrowj.qct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.phantom.HipOptions;
import org.marrowj.phantom.Phantom;

class NeckPhantomTest {

	static Phantom phantom;
	static NeckResult result;
	static final double VOXEL = 0.5;

	@BeforeAll
	static void analyse() {
		phantom = NeckPhantoms.hip(NeckPhantoms.options(VOXEL));
		final NeckSettings s = new NeckSettings();
		s.weight_kg = 70;
		result = FemoralNeck.analyze(phantom.image(), Calibration.linear(new double[] { -5, 1245 }, new double[] { 0, 1000 }, 0.9), s);
	}

	static void near(final String what, final double truth, final double value, final double relTol) {
		System.out.printf("%-28s truth %12.4f  measured %12.4f  error %+.3f%%%n", what, truth, value, 100 * (value - truth) / truth);
		assertEquals(truth, value, Math.abs(truth) * relTol, what);
	}

	@Test
	void headAndAxis() {
		final double[] u = NeckPhantoms.axis(phantom);
		final double angle = Math.toDegrees(Math.acos(Math.min(1, FemoralNeck.dot(u, result.axis))));
		System.out.printf("axis error %.3f deg, head centre %s, radius %.3f%n", angle, java.util.Arrays.toString(result.headCentre_mm),
			result.headRadius_mm);
		assertTrue(angle < 2, "axis within 2 degrees, got " + angle);
		assertEquals(0, Math.sqrt(FemoralNeck.dot(result.headCentre_mm, result.headCentre_mm)), VOXEL, "head centre");
		assertEquals(23, result.headRadius_mm, VOXEL / 2, "head radius");
		assertEquals("left", result.side);
		assertEquals(NeckPhantoms.WAIST, result.narrowest_s_mm, 2.0, "narrowest section at the waist");
		assertEquals(125, result.neckShaftAngle_deg, 2.0, "neck-shaft angle");
		assertTrue(result.missing.containsKey("hip_axis_length_mm"));
	}

	@Test
	void sectionProperties() {
		final double s = result.narrowest_s_mm;
		final double a = NeckPhantoms.A * NeckPhantoms.f(s);
		near("CSA mm2", NeckPhantoms.corticalArea(s), result.csa_mm2, 0.02);
		near("section total area mm2", NeckPhantoms.totalArea(s), result.sectionTotalArea_mm2, 0.02);
		near("CSMI mm4", NeckPhantoms.csmiSi(s), result.csmi_mm4, 0.02);
		near("CSMI AP mm4", NeckPhantoms.csmiAp(s), result.csmiAp_mm4, 0.02);
		near("Z mm3", NeckPhantoms.csmiSi(s) / a, result.sectionModulus_mm3, 0.02);
		System.out.printf("FNW truth %.3f measured %.3f%n", 2 * a, result.fnw_mm);
		assertEquals(2 * a, result.fnw_mm, VOXEL, "FNW within one voxel");
		final double csa = NeckPhantoms.corticalArea(s), ed = Math.sqrt(4 * a * a - 4 * csa / Math.PI), t = (2 * a - ed) / 2;
		near("HSA buckling ratio", a / t, result.hsaBucklingRatio, 0.03);
	}

	@Test
	void compartmentsAndIndices() {
		final double s0 = result.narrowest_s_mm - 5, s1 = result.narrowest_s_mm + 5;
		final double vt = NeckPhantoms.integrate(NeckPhantoms::totalArea, s0, s1) / 1000;
		final double vc = NeckPhantoms.integrate(NeckPhantoms::corticalArea, s0, s1) / 1000;
		near("total volume cm3", vt, result.totalVolume_cm3, 0.02);
		near("cortical volume cm3", vc, result.corticalVolume_cm3, 0.02);
		near("trabecular volume cm3", vt - vc, result.trabecularVolume_cm3, 0.02);
		near("cortical vBMD", 800, result.corticalVbmd_mgcm3, 0.02);
		near("trabecular vBMD", 170, result.trabecularVbmd_mgcm3, 0.02);
		final double vbmd = (800 * vc + 170 * (vt - vc)) / vt;
		near("total vBMD", vbmd, result.totalVbmd_mgcm3, 0.02);
		final double[][] e = NeckPhantoms.semiAxisDirections(phantom);
		final double area = NeckPhantoms.projectedArea(NeckPhantoms.axis(phantom), e[0], e[1], s0, s1) / 100;
		near("projected area cm2", area, result.projectedArea_cm2, 0.02);
		final double abmd = vbmd * vt / 1000 / area;
		near("aBMD g/cm2", abmd, result.abmd_gcm2, 0.02);
		final double fnw = 2 * NeckPhantoms.A * NeckPhantoms.f(result.narrowest_s_mm) / 10, ratio = abmd / 0.8;
		near("A mm2", 100 * ratio * fnw, result.seedA_mm2, 0.02);
		near("Z cm3", ratio * fnw * fnw, result.seedZ_cm3, 0.02);
		near("CSI mm2/N", 100 * ratio * fnw / (70 * 9.8), result.csi_mm2_per_n, 0.02);
		near("Karlamangla CSI", 100 * abmd * fnw / 70, result.karlamanglaCsi_g_per_kg_m, 0.02);
		near("buckling ratio (volume)", vt / vc, result.bucklingRatioVolume, 0.02);
		final double at = vt / 1, ac = vc / 1;
		near("cortical depth mm", 10 * (Math.sqrt(at / Math.PI) - Math.sqrt((at - ac) / Math.PI)), result.corticalDepth_mm, 0.03);
		// the indices follow their formulas exactly on the measured values
		assertEquals(100 * result.abmd_gcm2 / (result.corticalVbmd_mgcm3 / 1000) * result.fnw_mm / 10, result.seedA_mm2, 1e-9);
	}

	@Test
	void missingWeightLeavesTheWeightIndicesOutWithAReason() {
		final NeckSettings s = new NeckSettings();
		s.headCentre_mm = result.headCentre_mm;
		s.headRadius_mm = result.headRadius_mm;
		s.axis = result.axis;
		final NeckResult r = FemoralNeck.analyze(phantom.image(), Calibration.linear(new double[] { -5, 1245 }, new double[] { 0, 1000 }, 0.9), s);
		assertTrue(Double.isNaN(r.csi_mm2_per_n));
		assertEquals("weight_kg not given", r.missing.get("csi_mm2_per_n"));
		assertTrue(!r.toMap().containsKey("csi_mm2_per_n") && !r.toMap().containsKey("karlamangla_csi_g_per_kg_m"));
		assertEquals(result.csa_mm2, r.csa_mm2, 1e-6 * result.csa_mm2);
	}

	@Test
	void badInput() {
		final BadInputException hu = assertThrows(BadInputException.class, () -> FemoralNeck.analyze(phantom.image(), new NeckSettings()));
		assertTrue(hu.getMessage().contains("mg/cm^3"), hu.getMessage());
		final NeckSettings s = new NeckSettings();
		s.cortical_mgcm3 = 100;
		final BadInputException c = assertThrows(BadInputException.class, () -> FemoralNeck.analyze(phantom.image(),
			Calibration.linear(new double[] { -5, 1245 }, new double[] { 0, 1000 }, 0.9), s));
		assertTrue(c.getMessage().startsWith("cortical_mgcm3"), c.getMessage());
	}

	/** The same anatomy stored flipped and with x and y exchanged gives the same numbers (everything is in world coordinates). */
	@Test
	void storageOrderDoesNotMatter() {
		final HipOptions o = NeckPhantoms.options(VOXEL);
		o.flipX = true;
		o.flipZ = true;
		o.swapXY = true;
		final NeckSettings s = new NeckSettings();
		s.weight_kg = 70;
		final NeckResult r = FemoralNeck.analyze(NeckPhantoms.hip(o).image(),
			Calibration.linear(new double[] { -5, 1245 }, new double[] { 0, 1000 }, 0.9), s);
		assertTrue(FemoralNeck.dot(r.axis, result.axis) > Math.cos(Math.toRadians(0.05)));
		assertEquals("left", r.side);
		assertEquals(result.narrowest_s_mm, r.narrowest_s_mm, 0.05);
		assertEquals(result.csa_mm2, r.csa_mm2, 1e-3 * result.csa_mm2);
		assertEquals(result.csmi_mm4, r.csmi_mm4, 1e-3 * result.csmi_mm4);
		assertEquals(result.fnw_mm, r.fnw_mm, 0.01);
		assertEquals(result.totalVolume_cm3, r.totalVolume_cm3, 1e-3 * result.totalVolume_cm3);
		assertEquals(result.abmd_gcm2, r.abmd_gcm2, 1e-3 * result.abmd_gcm2);
	}

	/** At 0.25 mm: a field of view cropped around the neck, with the head and axis of the 0.5 mm analysis given. */
	@Test
	void finerVoxelsGiveSectionPropertiesWithinOnePercent() {
		final HipOptions o = NeckPhantoms.options(0.25);
		final double[] u = NeckPhantoms.axis(phantom);
		o.fieldCentre_mm = new double[] { 35 * u[0], 35 * u[1], 35 * u[2] };
		o.size(240, 240, 240);
		final Phantom fine = NeckPhantoms.hip(o);
		final NeckSettings s = new NeckSettings();
		s.headCentre_mm = result.headCentre_mm;
		s.headRadius_mm = result.headRadius_mm;
		s.axis = result.axis;
		final NeckResult r = FemoralNeck.analyze(fine.image(), Calibration.linear(new double[] { -5, 1245 }, new double[] { 0, 1000 }, 0.9), s);
		final double sp = r.narrowest_s_mm, a = NeckPhantoms.A * NeckPhantoms.f(sp);
		System.out.println("0.25 mm: narrowest s = " + sp + " warnings " + r.warnings);
		near("CSA mm2 (0.25)", NeckPhantoms.corticalArea(sp), r.csa_mm2, 0.01);
		near("CSMI mm4 (0.25)", NeckPhantoms.csmiSi(sp), r.csmi_mm4, 0.01);
		near("Z mm3 (0.25)", NeckPhantoms.csmiSi(sp) / a, r.sectionModulus_mm3, 0.01);
		assertEquals(2 * a, r.fnw_mm, 0.25, "FNW within one voxel");
	}
}
