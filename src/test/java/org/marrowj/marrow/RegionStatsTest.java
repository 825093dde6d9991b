package org.marrowj.marrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.ShortType;

class RegionStatsTest {

	@Test
	void oddCountByHand() {
		// 1 2 3 4 10: mean 4, ss = 9+4+1+0+36 = 50, sd = sqrt(50/4); R quantile type 7: 1.2, 3, 8.8
		final RegionStatistics s = RegionStats.of(new double[] { 10, 3, 1, 4, 2 }, 2.0);
		assertEquals(5, s.voxels());
		assertEquals(0.010, s.volume_ml(), 1e-15);
		assertEquals(4.0, s.hu_mean(), 1e-15);
		assertEquals(Math.sqrt(12.5), s.hu_sd(), 1e-15);
		assertEquals(3.0, s.hu_median(), 1e-15);
		assertEquals(1.2, s.hu_p05(), 1e-12);
		assertEquals(8.8, s.hu_p95(), 1e-12);
	}

	@Test
	void evenCountByHand() {
		// -100 -50 0 50: mean -25, median -25, ss = 2*75^2 + 2*25^2 = 12500, sd = sqrt(12500/3);
		// p05: h = 0.15 -> -100 + 0.15*50 = -92.5; p95: h = 2.85 -> 0 + 0.85*50 = 42.5
		final RegionStatistics s = RegionStats.of(new double[] { 50, -100, 0, -50 }, 1.0);
		assertEquals(-25.0, s.hu_mean(), 1e-15);
		assertEquals(Math.sqrt(12500.0 / 3), s.hu_sd(), 1e-12);
		assertEquals(-25.0, s.hu_median(), 1e-15);
		assertEquals(-92.5, s.hu_p05(), 1e-12);
		assertEquals(42.5, s.hu_p95(), 1e-12);
	}

	@Test
	void singleVoxelHasUndefinedSd() {
		final RegionStatistics s = RegionStats.of(new double[] { 7 }, 1.0);
		assertEquals(7, s.hu_mean());
		assertTrue(Double.isNaN(s.hu_sd()));
		assertEquals(7, s.hu_median());
		assertEquals(7, s.hu_p05());
		assertEquals(7, s.hu_p95());
	}

	@Test
	void percentileEnds() {
		final double[] v = { 1, 2, 4 };
		assertEquals(1, RegionStats.percentile(v, 0));
		assertEquals(4, RegionStats.percentile(v, 1));
		assertEquals(3, RegionStats.percentile(v, 0.75)); // h = 1.5 -> 2 + 0.5*2
	}

	@Test
	void regionOverAnIntegerImage() {
		// 4x3x2 image, value = x + 10 y + 100 z; region: mask 2x2x2 at (1,1,0) with 5 voxels set
		final ArrayImg<ShortType, ShortArray> img = ArrayImgs.shorts(4, 3, 2);
		final short[] d = img.update(null).getCurrentStorageArray();
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 4; x++)
					d[x + 4 * (y + 3 * z)] = (short) (x + 10 * y + 100 * z);
		final Geometry g = Geometry.ofSpacing(0.5, 0.5, 2.0); // 0.5 mm^3 per voxel
		final Volume<ShortType> ct = new Volume<>(img, g, Volume.HU);
		final Mask m = new Mask(2, 2, 2);
		m.set(0, 0, 0, true); // (1,1,0) = 11
		m.set(1, 0, 0, true); // (2,1,0) = 12
		m.set(1, 1, 0, true); // (2,2,0) = 22
		m.set(0, 1, 1, true); // (1,2,1) = 121
		m.set(1, 1, 1, true); // (2,2,1) = 122
		final MarrowRegion r = new MarrowRegion(MarrowRegion.Site.LABEL, "test", 3, "", "", m, new long[] { 1, 1, 0 }, g,
			new long[] { 4, 3, 2 });
		final RegionStatistics s = RegionStats.compute(ct, r);
		// values 11 12 22 121 122: mean 57.6; median 22; p05 h=0.2 -> 11.2; p95 h=3.8 -> 121.8
		final double[] v = { 11, 12, 22, 121, 122 };
		double ss = 0;
		for (final double x : v)
			ss += (x - 57.6) * (x - 57.6);
		assertEquals(5, s.voxels());
		assertEquals(5 * 0.5 / 1000, s.volume_ml(), 1e-15);
		assertEquals(57.6, s.hu_mean(), 1e-12);
		assertEquals(Math.sqrt(ss / 4), s.hu_sd(), 1e-12);
		assertEquals(22, s.hu_median(), 1e-12);
		assertEquals(11.2, s.hu_p05(), 1e-12);
		assertEquals(121.8, s.hu_p95(), 1e-12);
	}

	@Test
	void emptyRegionIsAnError() {
		final Geometry g = Geometry.ofSpacing(1, 1, 1);
		final Volume<ShortType> ct = new Volume<>(ArrayImgs.shorts(4, 4, 4), g, Volume.HU);
		final MarrowRegion r = new MarrowRegion(MarrowRegion.Site.LABEL, "void", 0, "", "", new Mask(2, 2, 2), new long[3], g,
			new long[] { 4, 4, 4 });
		final BadInputException e = assertThrows(BadInputException.class, () -> RegionStats.compute(ct, r));
		assertTrue(e.getMessage().contains("empty"), e.getMessage());
	}
}
