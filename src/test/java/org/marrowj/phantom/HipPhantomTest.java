package org.marrowj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.marrowj.phantom.FemurPhantomTest.bytes;
import static org.marrowj.phantom.FemurPhantomTest.floats;
import static org.marrowj.phantom.FemurPhantomTest.tissueAtWorld;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.image.Geometry;

class HipPhantomTest {

	static final Phantom NOISE_FREE;
	static {
		final HipOptions o = new HipOptions();
		o.noiseSd_hu = 0;
		NOISE_FREE = Phantoms.hip(o);
	}

	@Test
	void noiseFreeValuesFollowTheCalibration() {
		final float[] v = floats(NOISE_FREE.image());
		final byte[] t = bytes(NOISE_FREE.tissues());
		final int[] count = new int[14];
		final double[] expect = { -1000, -100, 40, -5 + 1.25 * 800, -5 + 1.25 * 250, -5 + 1.25 * 170, -5 + 1.25 * 60, -5,
			-5, -5 + 1.25 * 51.3, -5 + 1.25 * 102.7, -5 + 1.25 * 203.9, -5 + 1.25 * 376.4, -300 };
		for (int i = 0; i < v.length; i++) {
			count[t[i]]++;
			assertEquals((float) expect[t[i]], v[i], 0f);
		}
		for (int id = 0; id < 14; id++)
			assertTrue(count[id] > 0, HipModel.NAMES[id]);
	}

	@Test
	void rodRegressionRecoversTheCalibrationFromANoisyImage() {
		final HipOptions o = new HipOptions();
		o.noiseSd_hu = 15;
		o.seed = 9;
		final Phantom p = Phantoms.hip(o);
		final float[] v = floats(p.image());
		final byte[] t = bytes(p.tissues());
		@SuppressWarnings("unchecked")
		final List<Map<String, Object>> rods = (List<Map<String, Object>>) p.truth().get("rods");
		final double[] x = new double[5], y = new double[5];
		for (int r = 0; r < 5; r++) {
			double s = 0;
			int n = 0;
			for (int i = 0; i < v.length; i++)
				if (t[i] == HipModel.ROD1 + r) {
					s += v[i];
					n++;
				}
			x[r] = (Double) rods.get(r).get("k2hpo4_mg_cm3");
			y[r] = s / n;
			assertEquals((Double) rods.get(r).get("hu"), y[r], 4 * 15 / Math.sqrt(n));
			// rod of radius 6 mm: pi 36 mm^2 per slice at 0.81 mm^2 pixels
			assertEquals(Math.PI * 36 / 0.81 * 120, n, 0.03 * Math.PI * 36 / 0.81 * 120);
		}
		double mx = 0, my = 0;
		for (int r = 0; r < 5; r++) {
			mx += x[r] / 5;
			my += y[r] / 5;
		}
		double sxy = 0, sxx = 0;
		for (int r = 0; r < 5; r++) {
			sxy += (x[r] - mx) * (y[r] - my);
			sxx += (x[r] - mx) * (x[r] - mx);
		}
		final double slope = sxy / sxx, intercept = my - slope * mx;
		assertEquals(1.25, slope, 0.005);
		assertEquals(-5, intercept, 1.0);
	}

	@Test
	void neckIsAnObliqueEllipticalTubeWithTheTruthsWall() {
		final Phantom p = NOISE_FREE;
		@SuppressWarnings("unchecked")
		final Map<String, Object> neck = (Map<String, Object>) p.truth().get("neck");
		final double[] u = (double[]) neck.get("axis_direction");
		final double[][] e = (double[][]) neck.get("semi_axis_directions");
		final double[] outer = (double[]) neck.get("outer_semi_axes_mm");
		final double wall = (Double) neck.get("wall_thickness_mm");
		// oblique to every image axis
		for (final double c : u)
			assertTrue(Math.abs(c) > 0.1 && Math.abs(c) < 0.9);
		assertEquals(0, u[0] * e[0][0] + u[1] * e[0][1] + u[2] * e[0][2], 1e-12);
		assertEquals(Math.cos(Math.toRadians(55)), -u[2], 1e-12);
		final double s = 24;
		for (int k = 0; k < 2; k++)
			for (final int sign : new int[] { -1, 1 }) {
				final double[] at = new double[3];
				for (final double q : new double[] { 0, outer[k] - wall / 2, outer[k] + 1.5 }) {
					for (int i = 0; i < 3; i++)
						at[i] = s * u[i] + sign * q * e[k][i];
					final int id = tissueAtWorld(p, at[0], at[1], at[2]);
					final int expect = q == 0 ? HipModel.NECK_TRAB : q < outer[k] ? HipModel.CORTICAL : HipModel.SOFT;
					assertEquals(expect, id, "q=" + q + " axis " + k + " sign " + sign);
				}
			}
		// trabecular neck volume between s = 24 and 34: pi (A-w)(B-w) x 10 mm
		final Geometry g = p.tissues().geometry();
		final byte[] t = bytes(p.tissues());
		int n = 0;
		for (int z = 0; z < 120; z++)
			for (int y = 0; y < 256; y++)
				for (int x = 0; x < 256; x++) {
					if (t[(z * 256 + y) * 256 + x] != HipModel.NECK_TRAB) continue;
					final double[] w = g.indexToWorld(x, y, z);
					final double sw = w[0] * u[0] + w[1] * u[1] + w[2] * u[2];
					if (sw >= 24 && sw <= 34) n++;
				}
		final double expect = Math.PI * (outer[0] - wall) * (outer[1] - wall) * 10;
		assertEquals(expect, n * g.voxelVolume_mm3(), 0.02 * expect);
	}

	@Test
	void headAndShaftAreWhereTheTruthSays() {
		final Phantom p = NOISE_FREE;
		assertEquals(HipModel.HEAD_TRAB, tissueAtWorld(p, 0, 0, 0));
		assertEquals(HipModel.CORTICAL, tissueAtWorld(p, 0, 0, 22));
		assertEquals(HipModel.SOFT, tissueAtWorld(p, 0, 0, 24.5));
		@SuppressWarnings("unchecked")
		final double[] j = (double[]) ((Map<String, Object>) p.truth().get("shaft")).get("axis_point_mm");
		assertEquals(HipModel.SHAFT_MED, tissueAtWorld(p, j[0], j[1], -80));
		assertEquals(HipModel.CORTICAL, tissueAtWorld(p, j[0] + 12, j[1], -80));
		assertEquals(HipModel.ROD1 + 2, tissueAtWorld(p, 20, 100, -50));
	}
}
