package org.marrowj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.marrowj.phantom.FemurPhantomTest.bytes;
import static org.marrowj.phantom.FemurPhantomTest.floats;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.image.Geometry;
import org.marrowj.image.LabelVolume;

import net.imglib2.type.numeric.integer.UnsignedByteType;

class SpinePhantomTest {

	static final Phantom NOISE_FREE;
	static {
		final SpineOptions o = new SpineOptions();
		o.noiseSd_hu = 0;
		NOISE_FREE = Phantoms.spine(o);
	}

	@Test
	void noiseFreeValuesAndLabelsFollowTheTissues() {
		final Phantom p = NOISE_FREE;
		final float[] v = floats(p.image());
		final byte[] t = bytes(p.tissues());
		final LabelVolume<UnsignedByteType> lv = p.labels().get();
		final byte[] l = bytes(lv.volume());
		final float[] hu = new SpineModel(new SpineOptions()).hu();
		final int[] count = new int[256];
		for (int i = 0; i < v.length; i++) {
			final int id = t[i] & 0xff;
			count[id]++;
			assertEquals(hu[id], v[i], 0.0);
			final int expect = id >= 3 && id <= 20 ? 32 - (id - 3) / 3 : 0;
			assertEquals(expect, l[i] & 0xff);
		}
		for (int id = 0; id < 28; id++)
			assertTrue(count[id] > 0, "tissue " + p.tissueNames().name(id) + " present");
		assertEquals("vertebrae_T12", lv.table().name(32));
		assertEquals("vertebrae_L5", lv.table().name(27));
		assertEquals(160f, hu[SpineModel.core(0)], 0f);
		assertEquals(110f, hu[SpineModel.core(5)], 0f);
	}

	@Test
	void coreAreaAndExtentMatchTheTruth() {
		final Phantom p = NOISE_FREE;
		final byte[] t = bytes(p.tissues());
		final Geometry g = p.image().geometry();
		final int nx = 192, plane = nx * 192;
		@SuppressWarnings("unchecked")
		final List<Map<String, Object>> levels = (List<Map<String, Object>>) p.truth().get("levels");
		final double shell = (Double) p.truth().get("shell_mm"), end = (Double) p.truth().get("endplate_mm");
		for (int k = 0; k < 6; k++) {
			final Map<String, Object> lv = levels.get(k);
			final double a = (Double) lv.get("width_mm") / 2 - shell, b = (Double) lv.get("depth_mm") / 2 - shell;
			final double zc = ((double[]) lv.get("body_centre_mm"))[2], hc = (Double) lv.get("height_mm") / 2 - end;
			int slicesWithCore = 0, expectedSlices = 0;
			for (int z = 0; z < 112; z++) {
				final double zw = g.indexToWorld(0, 0, z)[2];
				if (Math.abs(zw - zc) <= hc) expectedSlices++;
				int n = 0;
				for (int i = 0; i < plane; i++)
					if (t[z * plane + i] == SpineModel.core(k)) n++;
				if (n > 0) {
					slicesWithCore++;
					assertEquals(Math.PI * a * b, n, 0.03 * Math.PI * a * b, "core area of level " + k + " slice " + z);
				}
			}
			assertEquals(expectedSlices, slicesWithCore);
			assertTrue(expectedSlices >= 9);
		}
	}

	@Test
	void differentVertebraeNeverTouch() {
		final byte[] l = bytes(NOISE_FREE.labels().get().volume());
		final int nx = 192, ny = 192, plane = nx * ny;
		final double[] zSum = new double[33];
		final int[] n = new int[33];
		for (int z = 0; z < 112; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = z * plane + y * nx + x;
					final int a = l[i];
					if (a == 0) continue;
					zSum[a] += z;
					n[a]++;
					if (x + 1 < nx) assertTrue(l[i + 1] == 0 || l[i + 1] == a);
					if (y + 1 < ny) assertTrue(l[i + nx] == 0 || l[i + nx] == a);
					if (z + 1 < 112) assertTrue(l[i + plane] == 0 || l[i + plane] == a);
				}
		// superior (T12 = 32) has higher world z (identity direction: higher index)
		for (int a = 27; a < 32; a++)
			assertTrue(zSum[a] / n[a] < zSum[a + 1] / n[a + 1]);
	}

	@Test
	void coreMeanEqualsTruthWithinStandardError() {
		final SpineOptions o = new SpineOptions();
		o.noiseSd_hu = 20;
		o.seed = 5;
		final Phantom p = Phantoms.spine(o);
		final float[] v = floats(p.image());
		final byte[] t = bytes(p.tissues());
		for (int k = 0; k < 6; k++) {
			double s = 0;
			int n = 0;
			for (int i = 0; i < v.length; i++)
				if (t[i] == SpineModel.core(k)) {
					s += v[i];
					n++;
				}
			assertEquals(o.coreHu[k], s / n, 4 * Math.sqrt(400 + 1.0 / 12) / Math.sqrt(n));
		}
		assertArrayEquals(floats(p.image()), floats(Phantoms.spine(o).image()));
	}

	@Test
	void generateFitsTheWholeColumn() {
		final Phantom p = Phantoms.generate("spine", new int[] { 96, 96, 40 }, 1);
		final Geometry g = p.image().geometry();
		assertTrue(g.spacing(2) * 40 >= new SpineOptions().columnHeight_mm());
		final byte[] l = bytes(p.labels().get().volume());
		final boolean[] seen = new boolean[33];
		for (final byte b : l)
			seen[b] = true;
		for (int a = 27; a <= 32; a++)
			assertTrue(seen[a], "label " + a);
	}
}
