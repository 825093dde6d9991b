package org.marrowj.qct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.io.Csv;
import org.marrowj.io.ImageReaders;
import org.marrowj.io.Json;
import org.marrowj.io.Nifti;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.marrowj.pipeline.NeckAnalysis;

import com.google.gson.JsonObject;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Femoral Neck Geometry through the launcher on the waisted-neck hip phantom of {@link NeckPhantomTest}
 * (same set-up): femoral_neck.csv equals FemoralNeck's result cell by cell and the analytic truth
 * within that test's tolerances.
 */
class NeckCommandTest {

	@TempDir
	static File dir;
	static Phantom phantom;
	static File qct;
	static NeckResult expected;
	static JsonObject report;
	static Map<String, String> row;
	static final Calibration CAL = Calibration.linear(new double[] { -5, 1245 }, new double[] { 0, 1000 }, 0.9);

	@BeforeAll
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static void run() throws IOException {
		phantom = NeckPhantoms.hip(NeckPhantoms.options(NeckPhantomTest.VOXEL));
		Phantoms.write(phantom, dir, "neck");
		qct = new File(dir, "neck.nii.gz");
		final NeckSettings s = new NeckSettings();
		s.weight_kg = 70;
		expected = FemoralNeck.analyze((Volume) ImageReaders.open(qct), CAL, s);
		final File out = new File(dir, "out");
		report = LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + qct + "',slope_mgcm3_per_hu='" +
			CAL.slope_mgcm3_per_hu() + "',intercept_mgcm3='" + CAL.intercept_mgcm3() + "',side='left',weight_kg='70',out='" + out + "'")
			.assertOneJsonObject();
		final List<Map<String, String>> rows = rows(new File(out, NeckAnalysis.CSV));
		assertEquals(1, rows.size());
		row = rows.get(0);
	}

	static List<Map<String, String>> rows(final File csv) throws IOException {
		final Csv c = Csv.read(csv);
		assertEquals(NeckAnalysis.COLUMNS, c.header());
		final List<Map<String, String>> out = new java.util.ArrayList<>();
		for (final List<String> r : c.rows()) {
			final Map<String, String> m = new LinkedHashMap<>();
			for (int i = 0; i < r.size(); i++)
				m.put(c.header().get(i), r.get(i));
			out.add(m);
		}
		return out;
	}

	static Map<String, Double> values(final NeckResult r) {
		final Map<String, Double> m = new LinkedHashMap<>();
		m.put("head_centre_x_mm", r.headCentre_mm[0]);
		m.put("head_centre_y_mm", r.headCentre_mm[1]);
		m.put("head_centre_z_mm", r.headCentre_mm[2]);
		m.put("head_radius_mm", r.headRadius_mm);
		m.put("head_fit_rms_mm", r.headFitRms_mm);
		m.put("neck_axis_x", r.axis[0]);
		m.put("neck_axis_y", r.axis[1]);
		m.put("neck_axis_z", r.axis[2]);
		m.put("narrowest_s_mm", r.narrowest_s_mm);
		m.put("region_mm", r.region_mm);
		m.put("fnw_mm", r.fnw_mm);
		m.put("total_volume_cm3", r.totalVolume_cm3);
		m.put("cortical_volume_cm3", r.corticalVolume_cm3);
		m.put("trabecular_volume_cm3", r.trabecularVolume_cm3);
		m.put("vbmd_total_mgcm3", r.totalVbmd_mgcm3);
		m.put("vbmd_cortical_mgcm3", r.corticalVbmd_mgcm3);
		m.put("vbmd_trabecular_mgcm3", r.trabecularVbmd_mgcm3);
		m.put("projected_area_cm2", r.projectedArea_cm2);
		m.put("abmd_gcm2", r.abmd_gcm2);
		m.put("a_mm2", r.seedA_mm2);
		m.put("csi_mm2_per_n", r.csi_mm2_per_n);
		m.put("z_cm3", r.seedZ_cm3);
		m.put("buckling_ratio_volume", r.bucklingRatioVolume);
		m.put("cortical_depth_mm", r.corticalDepth_mm);
		m.put("section_total_area_mm2", r.sectionTotalArea_mm2);
		m.put("csa_mm2", r.csa_mm2);
		m.put("csmi_mm4", r.csmi_mm4);
		m.put("csmi_ap_mm4", r.csmiAp_mm4);
		m.put("outer_distance_mm", r.outerDistance_mm);
		m.put("section_modulus_mm3", r.sectionModulus_mm3);
		m.put("hsa_cortical_thickness_mm", r.hsaCorticalThickness_mm);
		m.put("hsa_buckling_ratio", r.hsaBucklingRatio);
		m.put("karlamangla_csi_g_per_kg_m", r.karlamanglaCsi_g_per_kg_m);
		m.put("neck_shaft_angle_deg", r.neckShaftAngle_deg);
		return m;
	}

	static double d(final Map<String, String> r, final String key) {
		return Double.parseDouble(r.get(key));
	}

	@Test
	void csvEqualsFemoralNeckResultExactly() {
		assertEquals("neck", row.get("subject"));
		assertEquals("left", row.get("side"));
		assertEquals("ok", row.get("status"));
		for (final Map.Entry<String, Double> e : values(expected).entrySet())
			assertEquals(Csv.format(e.getValue()), row.get(e.getKey()), e.getKey());
		assertEquals("70", row.get("weight_kg"));
		assertEquals("parameter", row.get("weight_source"));
		assertEquals("350", row.get("cortical_mgcm3"));
		assertEquals("parameter", report.get("weight_source").getAsString());
		assertEquals(70, report.get("weight_kg").getAsDouble());
		assertEquals(expected.csa_mm2, report.getAsJsonArray("rows").get(0).getAsJsonObject().get("csa_mm2").getAsDouble());
		assertTrue(new File(dir, "out/qc/femoral_neck_axis_left.png").isFile());
		assertTrue(new File(dir, "out/qc/femoral_neck_section_left.png").isFile());
		assertTrue(new File(dir, "out/femoral_neck_provenance.json").isFile());
	}

	@Test
	void csvIsWithinTheAnalyticTruth() {
		final double s = d(row, "narrowest_s_mm");
		final double a = NeckPhantoms.A * NeckPhantoms.f(s);
		NeckPhantomTest.near("CSA mm2", NeckPhantoms.corticalArea(s), d(row, "csa_mm2"), 0.02);
		NeckPhantomTest.near("CSMI mm4", NeckPhantoms.csmiSi(s), d(row, "csmi_mm4"), 0.02);
		NeckPhantomTest.near("Z mm3", NeckPhantoms.csmiSi(s) / a, d(row, "section_modulus_mm3"), 0.02);
		assertEquals(2 * a, d(row, "fnw_mm"), NeckPhantomTest.VOXEL, "FNW within one voxel");
		final double s0 = s - 5, s1 = s + 5;
		final double vt = NeckPhantoms.integrate(NeckPhantoms::totalArea, s0, s1) / 1000;
		final double vc = NeckPhantoms.integrate(NeckPhantoms::corticalArea, s0, s1) / 1000;
		NeckPhantomTest.near("total volume cm3", vt, d(row, "total_volume_cm3"), 0.02);
		NeckPhantomTest.near("cortical volume cm3", vc, d(row, "cortical_volume_cm3"), 0.02);
		NeckPhantomTest.near("cortical vBMD", 800, d(row, "vbmd_cortical_mgcm3"), 0.02);
		NeckPhantomTest.near("trabecular vBMD", 170, d(row, "vbmd_trabecular_mgcm3"), 0.02);
		NeckPhantomTest.near("buckling ratio (volume)", vt / vc, d(row, "buckling_ratio_volume"), 0.02);
		final double[][] e = NeckPhantoms.semiAxisDirections(phantom);
		final double area = NeckPhantoms.projectedArea(NeckPhantoms.axis(phantom), e[0], e[1], s0, s1) / 100;
		final double vbmd = (800 * vc + 170 * (vt - vc)) / vt, abmd = vbmd * vt / 1000 / area;
		NeckPhantomTest.near("aBMD g/cm2", abmd, d(row, "abmd_gcm2"), 0.02);
		final double fnw = 2 * a / 10, ratio = abmd / 0.8;
		NeckPhantomTest.near("CSI mm2/N", 100 * ratio * fnw / (70 * 9.8), d(row, "csi_mm2_per_n"), 0.02);
		NeckPhantomTest.near("Karlamangla CSI", 100 * abmd * fnw / 70, d(row, "karlamangla_csi_g_per_kg_m"), 0.02);
		assertEquals(0, Math.hypot(d(row, "head_centre_x_mm"), Math.hypot(d(row, "head_centre_y_mm"), d(row, "head_centre_z_mm"))),
			NeckPhantomTest.VOXEL, "head centre");
		assertEquals(125, d(row, "neck_shaft_angle_deg"), 2.0);
	}

	@Test
	void withoutWeightTheWeightIndicesAreEmptyWithTheReason() throws IOException {
		final File cal = new File(dir, "calibration.json"), out = new File(dir, "noweight");
		Json.write(cal, CAL.toMap());
		final JsonObject r = LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + qct + "',calibration='" + cal +
			"',side='left',out='" + out + "'").assertOneJsonObject();
		assertEquals("none", r.get("weight_source").getAsString());
		assertTrue(r.getAsJsonArray("warnings").toString().contains("no body weight"), r.toString());
		final Map<String, String> m = rows(new File(out, NeckAnalysis.CSV)).get(0);
		assertEquals("", m.get("csi_mm2_per_n"));
		assertEquals("", m.get("karlamangla_csi_g_per_kg_m"));
		assertEquals("", m.get("weight_kg"));
		assertEquals("none", m.get("weight_source"));
		assertTrue(m.get("missing").contains("csi_mm2_per_n: "), m.get("missing"));
		assertTrue(m.get("missing").contains("karlamangla_csi_g_per_kg_m: "), m.get("missing"));
		// the calibration file gives the same numbers as the parameters: the other indices are the same
		for (final String k : new String[] { "csa_mm2", "csmi_mm4", "abmd_gcm2", "a_mm2", "z_cm3", "fnw_mm", "vbmd_total_mgcm3" })
			assertEquals(row.get(k), m.get(k), k);
	}

	/** Both femurs: the phantom beside its mirror image across a sagittal plane; the field's centre lies between them. */
	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void bothSidesOfAMirroredPair() throws IOException {
		final Volume<?> v = ImageReaders.open(qct);
		final Geometry g = v.geometry();
		assertEquals(1.0, g.direction(0, 0), 0.0);
		final int nx = v.width(), ny = v.height(), nz = v.depth();
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(2L * nx, ny, nz);
		final RandomAccess<? extends RealType<?>> ra = v.image().randomAccess();
		final Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			final int i = c.getIntPosition(0);
			ra.setPosition(i >= nx ? i - nx : nx - 1 - i, 0);
			ra.setPosition(c.getIntPosition(1), 1);
			ra.setPosition(c.getIntPosition(2), 2);
			c.get().setReal(ra.get().getRealDouble());
		}
		final double[] o = g.origin();
		o[0] -= nx * g.spacing(0);
		final File pair = new File(dir, "pair.nii.gz"), out = new File(dir, "pair");
		Nifti.write(new Volume<>(img, new Geometry(g.spacing(), o, g.direction()), Volume.HU, "CT", new LinkedHashMap<>()), pair);
		// the readers' memory check counts uncollected garbage as used heap
		System.gc();
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + pair + "',slope_mgcm3_per_hu='" + CAL.slope_mgcm3_per_hu() +
			"',intercept_mgcm3='" + CAL.intercept_mgcm3() + "',side='both',weight_kg='70',out='" + out + "'").assertOneJsonObject();
		final List<Map<String, String>> rows = rows(new File(out, NeckAnalysis.CSV));
		assertEquals(2, rows.size());
		final Map<String, String> right = rows.get(0), left = rows.get(1);
		assertEquals("right", right.get("side"));
		assertEquals("ok", right.get("status"));
		assertEquals("left", left.get("side"));
		for (final String k : values(expected).keySet())
			assertEquals(row.get(k), left.get(k), "left half = the phantom alone: " + k);
		// the mirrored femur: mirror plane x = origin_x - spacing/2 of the phantom
		final double plane = g.origin()[0] - g.spacing(0) / 2;
		assertEquals(2 * plane - d(left, "head_centre_x_mm"), d(right, "head_centre_x_mm"), 0.05);
		assertEquals(-d(left, "neck_axis_x"), d(right, "neck_axis_x"), 1e-3);
		for (final String k : new String[] { "csa_mm2", "csmi_mm4", "fnw_mm", "total_volume_cm3", "cortical_volume_cm3", "abmd_gcm2" })
			assertEquals(d(left, k), d(right, k), 2e-3 * d(left, k), k);
		assertTrue(new File(out, "qc/femoral_neck_axis_right.png").isFile());
		// one side of the pair: the whole field's largest femur is one of the two, the other one is found in its half
		int halves = 0;
		for (final Map<String, String> both : rows) {
			final String side = both.get("side");
			final File o2 = new File(dir, "pair_" + side);
			System.gc();
			final JsonObject r = LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + pair + "',slope_mgcm3_per_hu='" +
				CAL.slope_mgcm3_per_hu() + "',intercept_mgcm3='" + CAL.intercept_mgcm3() + "',side='" + side + "',weight_kg='70',out='" +
				o2 + "'").assertOneJsonObject();
			final Map<String, String> only = rows(new File(o2, NeckAnalysis.CSV)).get(0);
			for (final String k : values(expected).keySet())
				assertEquals(both.get(k), only.get(k), "side = " + side + " equals its row of side = both: " + k);
			if (r.getAsJsonArray("warnings").toString().contains(side + " half of the field")) halves++;
		}
		assertEquals(1, halves, "exactly one side needed its half of the field");
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void headOutsideTheFieldOfViewIsRefusedAndNothingIsWritten() {
		final Volume<?> v = ImageReaders.open(qct);
		final Geometry g = v.geometry();
		// keep the slices below world z = 8 mm: the head (centre z = 0, radius 23 mm) loses its top
		int zMax = 0;
		for (int z = 0; z < v.depth(); z++)
			if (g.indexToWorld(0, 0, z)[2] <= 8) zMax = Math.max(zMax, z);
		final long[] min = { 0, 0, 0 }, max = { v.width() - 1, v.height() - 1, zMax };
		assertTrue(g.direction(2, 2) > 0 && zMax < v.depth() - 1);
		final File cut = new File(dir, "cut.nii.gz"), out = new File(dir, "cut");
		Nifti.write(new Volume(Views.interval(v.image(), min, max), g, Volume.HU, "CT", new LinkedHashMap<>()), cut);
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + cut + "',slope_mgcm3_per_hu='0.8',intercept_mgcm3='4'," +
			"side='left',weight_kg='70',out='" + out + "'").assertFailure(Main.BAD_INPUT, "qct", "cut.nii.gz",
				"no femoral neck analysis possible", "femoral head");
		assertFalse(new File(out, NeckAnalysis.CSV).exists());
		// with the head given (the phantom's truth: centre at the origin, radius 23 mm) the neck in view is analysed
		final JsonObject r = LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + cut + "',slope_mgcm3_per_hu='0.8'," +
			"intercept_mgcm3='4',side='left',head_centre_mm='0,0,0',head_radius_mm='23',out='" + out + "'").assertOneJsonObject();
		final JsonObject cutRow = r.getAsJsonArray("rows").get(0).getAsJsonObject();
		assertEquals("ok", cutRow.get("status").getAsString());
		assertEquals(0.0, cutRow.get("head_centre_x_mm").getAsDouble(), 0.0);
		assertEquals(d(row, "csa_mm2"), cutRow.get("csa_mm2").getAsDouble(), 0.01 * d(row, "csa_mm2"));
		assertTrue(new File(out, NeckAnalysis.CSV).isFile());
	}

	@Test
	void theWrongSideIsRefused() {
		final File out = new File(dir, "wrongside");
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + qct + "',slope_mgcm3_per_hu='0.8',intercept_mgcm3='4'," +
			"side='right',out='" + out + "'").assertFailure(Main.BAD_INPUT, "side", "left femur");
		assertFalse(new File(out, NeckAnalysis.CSV).exists());
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + qct + "',side='left',out='" + out + "'").assertFailure(
			Main.BAD_INPUT, "calibration", "not in mg/cm^3");
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + qct + "',slope_mgcm3_per_hu='0.8',side='left',out='" + out +
			"'").assertFailure(Main.BAD_INPUT, "intercept_mgcm3");
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + qct + "',slope_mgcm3_per_hu='0.8',intercept_mgcm3='4'," +
			"weight_kg='heavy',out='" + out + "'").assertFailure(Main.BAD_INPUT, "weight_kg");
	}

	/** Analyze Subject with a QCT writes the same femoral-neck row as Femoral Neck Geometry, and needs a CT or a QCT. */
	@Test
	void analyzeSubjectWritesTheFemoralNeckTable() throws IOException {
		final File out = new File(dir, "subject");
		final JsonObject r = LauncherRun.inProcess("--run", "Analyze Subject", "qct='" + qct + "',slope_mgcm3_per_hu='" + CAL
			.slope_mgcm3_per_hu() + "',intercept_mgcm3='" + CAL.intercept_mgcm3() + "',side='left',weight_kg='70',out='" + out + "'")
			.assertOneJsonObject();
		assertTrue(r.has("femoral_neck"), r.toString());
		final List<Map<String, String>> rows = rows(new File(out, NeckAnalysis.CSV));
		final Map<String, String> left = rows.stream().filter(m -> m.get("side").equals("left")).findFirst().get();
		assertEquals("ok", left.get("status"));
		for (final String k : new String[] { "csa_mm2", "csmi_mm4", "section_modulus_mm3", "abmd_gcm2", "a_mm2", "csi_mm2_per_n",
			"z_cm3", "fnw_mm", "vbmd_total_mgcm3", "karlamangla_csi_g_per_kg_m" })
			assertEquals(row.get(k), left.get(k), k);
		assertFalse(new File(out, "marrow_regions.csv").exists(), "no CT: no marrow table");
		LauncherRun.inProcess("--run", "Analyze Subject", "out='" + new File(dir, "none") + "'").assertFailure(2, "ct", "qct");
	}
}
