package org.marrowj.qct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.phantom.Phantom;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class CalibrationTest {

	static final double[] K = QctPhantoms.K2HPO4, W = QctPhantoms.WATER;

	/** Least squares y = s x + b by the normal equations in raw sums: {s, b, R^2}. */
	static double[] byHand(final double[] x, final double[] y) {
		final int n = x.length;
		double sx = 0, sy = 0, sxx = 0, sxy = 0;
		for (int i = 0; i < n; i++) {
			sx += x[i];
			sy += y[i];
			sxx += x[i] * x[i];
			sxy += x[i] * y[i];
		}
		final double s = (n * sxy - sx * sy) / (n * sxx - sx * sx);
		final double b = (sy - s * sx) / n;
		double ssRes = 0, ssTot = 0;
		for (int i = 0; i < n; i++) {
			ssRes += (y[i] - s * x[i] - b) * (y[i] - s * x[i] - b);
			ssTot += (y[i] - sy / n) * (y[i] - sy / n);
		}
		return new double[] { s, b, 1 - ssRes / ssTot };
	}

	@Test
	void linearFitOfDetectedNoiseFreeRodsEqualsTheNormalEquations() {
		final Phantom p = QctPhantoms.hip(16, 0, false, false, false);
		final List<Rod> rods = RodDetector.detect(p.image(), new RodOptions());
		final double[] hu = new double[5];
		for (int i = 0; i < 5; i++)
			hu[i] = rods.get(i).hu_mean();
		final Calibration c = Calibration.linear(rods, K, Calibration.DEFAULT_MIN_R2);
		final double[] h = byHand(K, hu);
		assertEquals(1 / h[0], c.slope_mgcm3_per_hu(), 1e-9);
		assertEquals(-h[1] / h[0], c.intercept_mgcm3(), 1e-9);
		assertEquals(h[0], c.hu_per_mgcm3(), 1e-9);
		assertEquals(h[1], c.hu_at_zero(), 1e-9);
		assertEquals(h[2], c.r2(), 1e-9);
		// and the phantom's own calibration HU = -5 + 1.25 rho (rod HU stored as floats)
		assertEquals(0.8, c.slope_mgcm3_per_hu(), 1e-6);
		assertEquals(4.0, c.intercept_mgcm3(), 1e-4);
		assertTrue(c.r2() > 1 - 1e-10);
		for (int i = 0; i < 5; i++) {
			assertEquals(hu[i] - h[0] * K[i] - h[1], c.residuals_hu()[i], 1e-9);
			assertEquals((hu[i] - h[1]) / h[0] - K[i], c.residuals_mgcm3()[i], 1e-9);
			assertEquals(0, c.residuals_mgcm3()[i], 1e-4);
		}
		assertTrue(c.warnings().isEmpty());
		assertTrue(Double.isNaN(c.sigma_ct()));
		final Map<String, Object> m = c.toMap();
		assertEquals(Arrays.asList("method", "formula", "slope_mgcm3_per_hu", "intercept_mgcm3", "r2", "rods_found", "hu_per_mgcm3",
			"hu_at_zero", "rods", "warnings"), Arrays.asList(m.keySet().toArray()));
		assertEquals("linear", m.get("method"));
		assertEquals(5, m.get("rods_found"));
		@SuppressWarnings("unchecked")
		final Map<String, Object> r3 = ((List<Map<String, Object>>) m.get("rods")).get(2);
		assertEquals(3, r3.get("index"));
		assertEquals(K[2], (Double) r3.get("k2hpo4_mgcm3"), 0.0);
		assertEquals(hu[2], (Double) r3.get("hu_mean"), 0.0);
		assertEquals(20.0, ((double[]) r3.get("centre_mm"))[0], 0.25);
		assertTrue(r3.containsKey("residual_mgcm3") && !r3.containsKey("water_mgcm3"));
	}

	@Test
	void mindwaysRecoversTheSigmaAndBetaItWasBuiltFrom() {
		final double sigmaCt = 1.18, betaCt = -30;
		// forward model of the regression: HU_i - rho_w,i = sigma_ref rho_i + beta_ref
		final double sigmaRef = sigmaCt + 0.2174, betaRef = betaCt - 999.6;
		final double[] hu = new double[5];
		for (int i = 0; i < 5; i++)
			hu[i] = W[i] + sigmaRef * K[i] + betaRef;
		final Calibration c = Calibration.mindways(hu, K, W, Calibration.DEFAULT_MIN_R2);
		assertEquals(sigmaCt, c.sigma_ct(), 1e-9);
		assertEquals(betaCt, c.beta_ct(), 1e-9);
		assertEquals(sigmaRef, c.sigma_ref(), 1e-9);
		assertEquals(betaRef, c.beta_ref(), 1e-9);
		assertEquals(1 / sigmaCt, c.slope_mgcm3_per_hu(), 1e-9);
		assertEquals(-betaCt / sigmaCt, c.intercept_mgcm3(), 1e-9);
		assertEquals(1, c.r2(), 1e-12);
		// the calibrated density of a tissue of HU = sigma_CT rho + beta_CT is rho
		assertEquals(250, c.density_mgcm3(sigmaCt * 250 + betaCt), 1e-9);
		assertEquals(0.2174, Calibration.MINDWAYS_SIGMA_OFFSET, 0.0);
		assertEquals(999.6, Calibration.MINDWAYS_BETA_OFFSET, 0.0);
	}

	@Test
	void mindwaysEqualsTheFormulasWrittenOutByHand() {
		final double[] noise = { 1.5, -2.0, 0.7, -0.4, 0.9 };
		final double[] hu = new double[5];
		for (int i = 0; i < 5; i++)
			hu[i] = W[i] + 1.35 * K[i] - 1010 + noise[i];
		final Calibration c = Calibration.mindways(hu, K, W, Calibration.DEFAULT_MIN_R2);
		// explicit sums over y_i = HU_i - rho_w,i against x_i = rho_i
		double sx = 0, sy = 0, sxx = 0, sxy = 0;
		final double[] y = new double[5];
		for (int i = 0; i < 5; i++) {
			y[i] = hu[i] - W[i];
			sx += K[i];
			sy += y[i];
			sxx += K[i] * K[i];
			sxy += K[i] * y[i];
		}
		final double sRef = (5 * sxy - sx * sy) / (5 * sxx - sx * sx), bRef = (sy - sRef * sx) / 5;
		final double sCt = sRef - 0.2174, bCt = bRef + 999.6;
		double ssRes = 0, ssTot = 0;
		for (int i = 0; i < 5; i++) {
			ssRes += (y[i] - sRef * K[i] - bRef) * (y[i] - sRef * K[i] - bRef);
			ssTot += (y[i] - sy / 5) * (y[i] - sy / 5);
		}
		assertEquals(sRef, c.sigma_ref(), 1e-9);
		assertEquals(bRef, c.beta_ref(), 1e-9);
		assertEquals(sCt, c.sigma_ct(), 1e-9);
		assertEquals(bCt, c.beta_ct(), 1e-9);
		assertEquals(1 / sCt, c.slope_mgcm3_per_hu(), 1e-9);
		assertEquals(-bCt / sCt, c.intercept_mgcm3(), 1e-9);
		assertEquals(1 - ssRes / ssTot, c.r2(), 1e-9);
		assertTrue(c.r2() < 1);
		for (int i = 0; i < 5; i++) {
			assertEquals((hu[i] - bCt) / sCt - K[i], c.residuals_mgcm3()[i], 1e-9);
			assertEquals(y[i] - sRef * K[i] - bRef, c.residuals_hu()[i], 1e-9);
		}
		final Map<String, Object> m = c.toMap();
		assertEquals("mindways", m.get("method"));
		assertEquals(sCt, (Double) m.get("sigma_ct"), 1e-9);
		assertEquals(bCt, (Double) m.get("beta_ct"), 1e-9);
		@SuppressWarnings("unchecked")
		final Map<String, Object> r5 = ((List<Map<String, Object>>) m.get("rods")).get(4);
		assertEquals(W[4], (Double) r5.get("water_mgcm3"), 0.0);
		assertEquals(hu[4], (Double) r5.get("hu_mean"), 0.0);
	}

	@Test
	void mindwaysOnAHandBuiltCtWithDetectedRods() {
		final double sigmaCt = 1.18, betaCt = -30;
		final double[] hu = new double[5];
		for (int i = 0; i < 5; i++)
			hu[i] = W[i] + (sigmaCt + 0.2174) * K[i] + betaCt - 999.6;
		final Volume<FloatType> ct = QctPhantoms.rodsCt(260, 180, 6, 0.8, 0.8, new double[] { -60, -30, 0, 30, 60 }, 5, hu);
		final List<Rod> rods = RodDetector.detect(ct, new RodOptions());
		final double[] measured = new double[5];
		for (int i = 0; i < 5; i++) {
			measured[i] = rods.get(i).hu_mean();
			assertEquals((float) hu[i], measured[i], 0.0);
			assertEquals(-60 + 30 * i, rods.get(i).centre_mm()[0], 0.2);
			assertEquals(5, rods.get(i).radius_mm(), 0.3);
		}
		final Calibration c = Calibration.mindways(rods, K, W, Calibration.DEFAULT_MIN_R2);
		final double[] y = new double[5];
		for (int i = 0; i < 5; i++)
			y[i] = measured[i] - W[i];
		final double[] h = byHand(K, y);
		assertEquals(h[0] - 0.2174, c.sigma_ct(), 1e-9);
		assertEquals(h[1] + 999.6, c.beta_ct(), 1e-9);
		assertEquals(sigmaCt, c.sigma_ct(), 1e-6);
		assertEquals(betaCt, c.beta_ct(), 1e-3);
	}

	@Test
	void theCalibratedVolumeAndViewGiveTheTrueDensities() {
		final Phantom p = QctPhantoms.hip(6, 0, false, true, false);
		final Calibration c = Calibration.linear(RodDetector.detect(p.image(), new RodOptions()), K, Calibration.DEFAULT_MIN_R2);
		final Volume<FloatType> vol = c.bmdVolume(p.image());
		final Volume<FloatType> view = c.bmdViewVolume(p.image());
		assertEquals(Volume.MG_CM3, vol.valueUnit());
		assertEquals(Volume.MG_CM3, view.valueUnit());
		assertEquals(p.image().geometry(), vol.geometry());
		final int cortical = p.tissueNames().idOf("cortical"), rod5 = p.tissueNames().idOf("rod_5");
		final Cursor<FloatType> hu = Views.flatIterable(p.image().image()).cursor();
		final Cursor<FloatType> a = Views.flatIterable(vol.image()).cursor();
		final Cursor<FloatType> b = Views.flatIterable(view.image()).cursor();
		final Cursor<UnsignedByteType> t = Views.flatIterable(p.tissues().image()).cursor();
		int nCort = 0, nRod = 0;
		while (hu.hasNext()) {
			hu.fwd();
			a.fwd();
			b.fwd();
			t.fwd();
			final float expect = (float) (c.slope_mgcm3_per_hu() * hu.get().get() + c.intercept_mgcm3());
			assertEquals(expect, a.get().get(), 0f);
			assertEquals(expect, b.get().get(), 0f);
			if (t.get().get() == cortical) {
				assertEquals(800, a.get().get(), 1e-3);
				nCort++;
			}
			if (t.get().get() == rod5) {
				assertEquals(K[4], a.get().get(), 1e-3);
				nRod++;
			}
		}
		assertTrue(nCort > 0 && nRod > 0);
		// a view over a non-zero-min interval reads the right voxels
		final RandomAccessibleInterval<FloatType> shifted = Views.translate(p.image().image(), 3, -2, 1);
		final RandomAccess<FloatType> s = c.bmdView(shifted).randomAccess();
		final RandomAccess<FloatType> o = vol.image().randomAccess();
		s.setPosition(new long[] { 13, 8, 2 });
		o.setPosition(new long[] { 10, 10, 1 });
		assertEquals(o.get().get(), s.get().get(), 0f);
	}

	@Test
	void lowRSquaredWarnsAndThenRefuses() {
		final double[] warn = new double[5], bad = new double[5];
		final double[] ew = { 35, -35, 10, -25, 20 }, eb = { 60, -60, 40, -70, 30 };
		for (int i = 0; i < 5; i++) {
			warn[i] = 1.25 * K[i] + ew[i];
			bad[i] = 1.25 * K[i] + eb[i];
		}
		final Calibration w = Calibration.linear(warn, K, Calibration.DEFAULT_MIN_R2);
		assertEquals(byHand(K, warn)[2], w.r2(), 1e-9);
		assertTrue(w.r2() > 0.95 && w.r2() < 0.99);
		assertEquals(1, w.warnings().size());
		assertTrue(w.warnings().get(0).contains("R^2 = 0.98"), w.warnings().get(0));
		assertEquals(w.warnings(), w.toMap().get("warnings"));
		final BadInputException e = assertThrows(BadInputException.class, () -> Calibration.linear(bad, K, 0.95));
		assertEquals("min_r2", e.subject());
		assertTrue(e.getMessage().contains("R^2 = 0.934"), e.getMessage());
		// a looser threshold accepts it, with the warning
		assertEquals(1, Calibration.linear(bad, K, 0.9).warnings().size());
		assertEquals("min_r2", assertThrows(BadInputException.class, () -> Calibration.linear(warn, K, 1.5)).subject());
	}

	@Test
	void certificateListsAreCheckedAndNamed() {
		assertArrayEquals(K, Calibration.parseCertificate("-51.83, -53.40,58.88 , 157.05,375.83", "rods_k2hpo4", 5), 0.0);
		BadInputException e = assertThrows(BadInputException.class,
			() -> Calibration.parseCertificate("-51.83, -53.40, 58.88, 157.05", "rods_k2hpo4", 5));
		assertEquals("rods_k2hpo4", e.subject());
		assertTrue(e.getMessage().contains("has 4 values but rod_count is 5"), e.getMessage());
		e = assertThrows(BadInputException.class,
			() -> Calibration.parseCertificate("1012.25, 1056.95, abc, 1119.52, 923.20", "rods_water", 5));
		assertEquals("rods_water", e.subject());
		assertTrue(e.getMessage().contains("'abc' is not a number"), e.getMessage());
		assertEquals("rods_water", assertThrows(BadInputException.class,
			() -> Calibration.parseCertificate("1,2,,4,5", "rods_water", 5)).subject());
		assertEquals("rods_k2hpo4", assertThrows(BadInputException.class,
			() -> Calibration.parseCertificate(" ", "rods_k2hpo4", 5)).subject());
		assertEquals("rods_k2hpo4", assertThrows(BadInputException.class,
			() -> Calibration.parseCertificate("1,2,NaN,4,5", "rods_k2hpo4", 5)).subject());
		final double[] hu = { -60, -20, 150, 300, 410 };
		assertEquals("rods_water", assertThrows(BadInputException.class,
			() -> Calibration.mindways(hu, K, Arrays.copyOf(W, 4), 0.95)).subject());
		assertEquals("rods_k2hpo4", assertThrows(BadInputException.class,
			() -> Calibration.linear(hu, new double[] { 1, 2, 3 }, 0.95)).subject());
		assertEquals("rods_k2hpo4", assertThrows(BadInputException.class,
			() -> Calibration.linear(hu, new double[] { 7, 7, 7, 7, 7 }, 0.95)).subject());
		// rods in the wrong order: HU falls with concentration
		final double[] reversed = new double[5];
		for (int i = 0; i < 5; i++)
			reversed[i] = 1.25 * K[4 - i];
		e = assertThrows(BadInputException.class, () -> Calibration.linear(reversed, K, 0.5));
		assertTrue(e.getMessage().contains("rod_order"), e.getMessage());
		assertEquals(Calibration.Method.MINDWAYS, Calibration.Method.parse("Mindways"));
		assertEquals("method", assertThrows(BadInputException.class, () -> Calibration.Method.parse("cubic")).subject());
	}
}
