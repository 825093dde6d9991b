package org.marrowj.qct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
import org.marrowj.phantom.HipOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Calibrate QCT Phantom and Femoral Neck Geometry through the launcher, on hip phantoms. */
class QctCommandsTest {

	static String list(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (final double d : v)
			sb.append(sb.length() == 0 ? "" : ",").append(d);
		return sb.toString();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Volume<?> read(final File f) {
		return ImageReaders.open(f);
	}

	// ------------------------------------------------------------------------------ calibration

	@Test
	void linearCalibrationEqualsCalibrationOnTheSameRods(@TempDir final File dir) {
		final Phantom p = QctPhantoms.hip(30, 0, false, false, false);
		Phantoms.write(p, dir, "hip");
		final File qct = new File(dir, "hip.nii.gz"), out = new File(dir, "cal");
		final JsonObject r = LauncherRun.inProcess("--run", "Calibrate QCT Phantom", "qct='" + qct + "',rods_k2hpo4='" + list(
			QctPhantoms.K2HPO4) + "',out='" + out + "'").assertOneJsonObject();
		final Volume ct = read(qct);
		@SuppressWarnings("unchecked")
		final List<Rod> rods = RodDetector.detect(ct, new RodOptions());
		final Calibration c = Calibration.linear(rods, QctPhantoms.K2HPO4, Calibration.DEFAULT_MIN_R2);
		assertEquals(c.slope_mgcm3_per_hu(), r.get("slope_mgcm3_per_hu").getAsDouble());
		assertEquals(c.intercept_mgcm3(), r.get("intercept_mgcm3").getAsDouble());
		assertEquals(c.r2(), r.get("r2").getAsDouble());
		assertEquals(5, r.get("rods_found").getAsInt());
		// the phantom's truth: HU = -5 + 1.25 rho, so density = 0.8 HU + 4
		assertEquals(0.8, r.get("slope_mgcm3_per_hu").getAsDouble(), 1e-3);
		assertEquals(4.0, r.get("intercept_mgcm3").getAsDouble(), 0.5);
		assertEquals(1.0, r.get("r2").getAsDouble(), 1e-6);
		final JsonArray jr = r.getAsJsonArray("rods");
		for (int i = 0; i < 5; i++) {
			final JsonObject o = jr.get(i).getAsJsonObject();
			assertEquals(rods.get(i).hu_mean(), o.get("hu_mean").getAsDouble());
			assertEquals(rods.get(i).hu_sd(), o.get("hu_sd").getAsDouble());
			assertEquals(c.residuals_hu()[i], o.get("residual_hu").getAsDouble());
			assertEquals(QctPhantoms.ROD_X[i], o.getAsJsonArray("centre_mm").get(0).getAsDouble(), 0.5);
			assertEquals(QctPhantoms.ROD_Y, o.getAsJsonArray("centre_mm").get(1).getAsDouble(), 0.5);
		}
		assertTrue(r.getAsJsonArray("warnings").size() == 0, r.toString());
		// calibration.json = Calibration.toMap()
		final File json = new File(out, "calibration.json");
		final Map<String, Object> m = Json.parseObject(readText(json), "calibration.json");
		assertEquals(c.slope_mgcm3_per_hu(), ((Number) m.get("slope_mgcm3_per_hu")).doubleValue());
		assertEquals(c.intercept_mgcm3(), ((Number) m.get("intercept_mgcm3")).doubleValue());
		assertEquals(c.r2(), ((Number) m.get("r2")).doubleValue());
		// the calibrated image: same grid, mg/cm^3, value = (float)(slope HU + intercept)
		final Volume<?> bmd = read(new File(out, "bmd.nii.gz"));
		assertEquals(Volume.MG_CM3, bmd.valueUnit());
		assertTrue(bmd.geometry().sameGrid(ct.geometry(), 1e-4));
		assertTrue(Arrays.equals(ct.dimensions(), bmd.dimensions()));
		final RandomAccess<? extends RealType<?>> a = ((Volume<?>) ct).image().randomAccess(), b = bmd.image().randomAccess();
		for (final long[] pos : new long[][] { { 0, 0, 0 }, { 128, 128, 15 }, { 200, 230, 29 }, { 60, 140, 3 } }) {
			a.setPosition(pos);
			b.setPosition(pos);
			assertEquals((float) (c.slope_mgcm3_per_hu() * a.get().getRealDouble() + c.intercept_mgcm3()), b.get().getRealDouble(), 0.0);
		}
	}

	static String readText(final File f) {
		try {
			return new String(java.nio.file.Files.readAllBytes(f.toPath()), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (final java.io.IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void mindwaysCalibrationEqualsCalibrationOnTheSameRods(@TempDir final File dir) {
		final HipOptions o = new HipOptions();
		o.size(256, 256, 16);
		o.noiseSd_hu = 0;
		o.rodK2hpo4_mg_cm3 = QctPhantoms.K2HPO4.clone();
		o.rodWaterEquivalent_mg_cm3 = new double[] { 1012.0, 1011.4, 1012.6, 1010.9, 1013.1 };
		final Phantom p = Phantoms.hip(o);
		Phantoms.write(p, dir, "hip");
		final File qct = new File(dir, "hip.nii.gz"), out = new File(dir, "cal");
		final JsonObject r = LauncherRun.inProcess("--run", "Calibrate QCT Phantom", "qct='" + qct + "',method='mindways',rods_k2hpo4='" +
			list(o.rodK2hpo4_mg_cm3) + "',rods_water='" + list(o.rodWaterEquivalent_mg_cm3) + "',out='" + out + "'")
			.assertOneJsonObject();
		@SuppressWarnings({ "unchecked", "rawtypes" })
		final List<Rod> rods = RodDetector.detect((Volume) read(qct), new RodOptions());
		final Calibration c = Calibration.mindways(rods, o.rodK2hpo4_mg_cm3, o.rodWaterEquivalent_mg_cm3, Calibration.DEFAULT_MIN_R2);
		assertEquals("mindways", r.get("method").getAsString());
		assertEquals(c.slope_mgcm3_per_hu(), r.get("slope_mgcm3_per_hu").getAsDouble());
		assertEquals(c.intercept_mgcm3(), r.get("intercept_mgcm3").getAsDouble());
		assertEquals(c.sigma_ct(), r.get("sigma_ct").getAsDouble());
		assertEquals(c.beta_ct(), r.get("beta_ct").getAsDouble());
		assertEquals(r.get("sigma_ref").getAsDouble() - 0.2174, r.get("sigma_ct").getAsDouble(), 1e-12);
		assertEquals(r.get("beta_ref").getAsDouble() + 999.6, r.get("beta_ct").getAsDouble(), 1e-9);
		assertEquals(1 / c.sigma_ct(), r.get("slope_mgcm3_per_hu").getAsDouble(), 1e-15);
	}

	@Test
	void rodsNotFoundSaysHowManyAndWhere(@TempDir final File dir) {
		final Phantom p = QctPhantoms.hip(16, 0, false, false, false);
		Phantoms.write(p, dir, "hip");
		final LauncherRun r = LauncherRun.inProcess("--run", "Calibrate QCT Phantom", "qct='" + new File(dir, "hip.nii.gz") +
			"',rod_count='6',rods_k2hpo4='0,50,100,150,200,300',out='" + new File(dir, "cal") + "'");
		r.assertFailure(Main.BAD_INPUT, "rod_count", "found 5 rods", "need 6", "centres in mm: (-39.9, 100.1", "(79.9, 100.1");
		assertFalse(new File(dir, "cal/calibration.json").exists());
	}

	@Test
	void rSquaredBelowMinR2IsRefused(@TempDir final File dir) {
		final Phantom p = QctPhantoms.hip(16, 0, false, false, false);
		Phantoms.write(p, dir, "hip");
		final double[] wrong = { -51.83, 58.88, -53.40, 375.83, 157.05 };
		@SuppressWarnings({ "unchecked", "rawtypes" })
		final List<Rod> rods = RodDetector.detect((Volume) read(new File(dir, "hip.nii.gz")), new RodOptions());
		final double r2 = Calibration.linear(rods, wrong, 0).r2();
		assertTrue(r2 < 0.95 && r2 > 0.2, "the wrong certificate gives a poor fit: " + r2);
		LauncherRun.inProcess("--run", "Calibrate QCT Phantom", "qct='" + new File(dir, "hip.nii.gz") + "',rods_k2hpo4='" + list(wrong) +
			"',out='" + new File(dir, "cal") + "'").assertFailure(Main.BAD_INPUT, "min_r2", "R^2 = " + String.format(java.util.Locale.ROOT,
				"%.4f", r2));
		// with a lower min_r2 it passes with a warning
		final JsonObject ok = LauncherRun.inProcess("--run", "Calibrate QCT Phantom", "qct='" + new File(dir, "hip.nii.gz") +
			"',rods_k2hpo4='" + list(wrong) + "',min_r2='0.2',out='" + new File(dir, "cal") + "'").assertOneJsonObject();
		assertEquals(r2, ok.get("r2").getAsDouble());
		assertTrue(ok.getAsJsonArray("warnings").toString().contains("below 0.99"), ok.toString());
	}
}
