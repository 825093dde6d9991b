package org.marrowj.marrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Femoral shaft marrow on analytic rings built here: two thighs, each a cortical ring (1200 HU)
 * around a marrow disc (left -50 HU, right 20 HU) in soft tissue (40 HU); tissue of every voxel
 * decided by its centre.
 */
class FemoralRingsTest {

	static final int NX = 160, NY = 100, NZ = 16;
	static final double[] SP = { 0.8, 0.8, 1.5 };
	static final byte SOFT = 0, CORTEX = 1, MARROW = 2, OTHER_BONE = 3, OTHER_MARROW = 4;

	/** Image and tissues; patient-left femur at column 120 when the x axis points to +x (world). */
	static final class Case {
		final float[] hu = new float[NX * NY * NZ];
		final byte[] tissue = new byte[NX * NY * NZ];
		final float[] marrowHu = new float[NX * NY * NZ];
		Geometry geometry = Geometry.axisAligned(SP, new double[] { -64, -40, 0 });

		Volume<FloatType> volume() {
			final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(hu, NX, NY, NZ);
			return new Volume<>(img, geometry, Volume.HU);
		}

		void ring(final double cx, final double cy, final double rOut, final double rIn, final byte bone, final byte marrow,
			final float marrowValue, final int zGap0, final int zGap1)
		{
			for (int z = 0; z < NZ; z++)
				for (int y = 0; y < NY; y++)
					for (int x = 0; x < NX; x++) {
						final double dx = (x - cx) * SP[0], dy = (y - cy) * SP[1];
						final double r = Math.hypot(dx, dy);
						final int i = x + NX * (y + NY * z);
						if (r <= rIn) {
							tissue[i] = marrow;
							hu[i] = marrowValue;
						}
						else if (r <= rOut) {
							// a gap 2 mm wide through the cortex (dy > 0 side) on slices zGap0..zGap1
							final boolean gap = z >= zGap0 && z <= zGap1 && Math.abs(dx) <= 1.0 && dy > 0;
							tissue[i] = gap ? SOFT : bone;
							hu[i] = gap ? 40 : 1200;
						}
					}
		}
	}

	static Case twoFemurs(final int gapZ0, final int gapZ1) {
		final Case c = new Case();
		java.util.Arrays.fill(c.hu, 40f);
		c.ring(120, 50, 14, 8, CORTEX, MARROW, -50f, gapZ0, gapZ1); // patient left (larger world x)
		c.ring(40, 50, 14, 8, CORTEX, MARROW, 20f, -1, -1); // patient right
		return c;
	}

	/** Truth: marrow-tissue voxels of one femur (column range) shrunk by the definition, brute force. */
	static byte[] truth(final Case c, final int xFrom, final int xTo, final double margin_mm) {
		final byte[] m = new byte[c.tissue.length];
		for (int z = 0; z < NZ; z++)
			for (int y = 0; y < NY; y++)
				for (int x = xFrom; x < xTo; x++) {
					final int i = x + NX * (y + NY * z);
					if (c.tissue[i] == MARROW) m[i] = 1;
				}
		return BruteForce.shrink(m, NX, NY, NZ, SP, margin_mm);
	}

	static void assertSameVoxels(final byte[] truth, final MarrowRegion r) {
		final byte[] full = r.fullMask().data();
		int diff = 0, n = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] != full[i]) diff++;
			n += truth[i];
		}
		assertTrue(n > 0);
		assertEquals(0, diff, "voxels differing from the brute-force truth (of " + n + ")");
	}

	@Test
	void bothSidesMatchTheDefinition() {
		final Case c = twoFemurs(-1, -1);
		final Volume<FloatType> ct = c.volume();
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(ct, new FemoralShaftMarrow.Settings());
		assertEquals(2, res.regions().size());
		final MarrowRegion left = res.region("left"), right = res.region("right");
		assertSameVoxels(truth(c, 80, NX, 1.0), left);
		assertSameVoxels(truth(c, 0, 80, 1.0), right);
		final RegionStatistics sl = RegionStats.compute(ct, left), sr = RegionStats.compute(ct, right);
		assertEquals(-50, sl.hu_mean(), 1e-9);
		assertEquals(20, sr.hu_mean(), 1e-9);
		assertEquals(0, sl.hu_sd(), 1e-9);
		assertEquals(sl.voxels() * 0.8 * 0.8 * 1.5 / 1000, sl.volume_ml(), 1e-12);
		assertEquals(NZ, res.side("left").slicesUsed().length);
		assertEquals(0, res.side("left").slicesSkipped().length);
		assertEquals("femoral_shaft", left.site().key());
	}

	@Test
	void sideComesFromWorldNotColumns() {
		final Case c = twoFemurs(-1, -1);
		// x axis pointing to the patient's right: column 120 is now the patient's right femur
		c.geometry = new Geometry(SP, new double[] { 64, -40, 0 }, new double[] { -1, 0, 0, 0, 1, 0, 0, 0, 1 });
		final Volume<FloatType> ct = c.volume();
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(ct, new FemoralShaftMarrow.Settings());
		assertEquals(20, RegionStats.compute(ct, res.region("left")).hu_mean(), 1e-9);
		assertEquals(-50, RegionStats.compute(ct, res.region("right")).hu_mean(), 1e-9);
	}

	@Test
	void openRingOnSomeSlicesIsSkipped() {
		final Case c = twoFemurs(5, 7);
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(c.volume(), new FemoralShaftMarrow.Settings());
		assertArrayEquals(new int[] { 5, 6, 7 }, res.side("left").slicesSkipped());
		assertEquals(0, res.side("right").slicesSkipped().length);
		final MarrowRegion left = res.region("left");
		for (int z = 4; z <= 8; z++) // skipped slices count as outside, so 1 mm (< 1.5 mm slices) removes only them
			for (int y = 0; y < NY; y++)
				for (int x = 80; x < NX; x++)
					assertEquals(z >= 5 && z <= 7 ? false : left.contains(x, y, z), left.contains(x, y, z));
		assertTrue(res.warnings().stream().anyMatch(w -> w.contains("left femur") && w.contains("z = 5..7")), res.warnings().toString());
	}

	@Test
	void ringOpenEverywhereIsAnError() {
		final Case c = new Case();
		java.util.Arrays.fill(c.hu, 40f);
		c.ring(120, 50, 14, 8, CORTEX, MARROW, -50f, 0, NZ - 1);
		final BadInputException e = assertThrows(BadInputException.class,
			() -> FemoralShaftMarrow.segment(c.volume(), new FemoralShaftMarrow.Settings()));
		assertTrue(e.getMessage().contains("no closed cortical ring"), e.getMessage());
	}

	@Test
	void noBoneIsAnError() {
		final Case c = new Case();
		java.util.Arrays.fill(c.hu, 40f);
		final BadInputException e = assertThrows(BadInputException.class,
			() -> FemoralShaftMarrow.segment(c.volume(), new FemoralShaftMarrow.Settings()));
		assertEquals("image: no cortical bone >= 400 HU found; check cortical_hu or that the image is a CT in HU", e.getMessage());
	}

	@Test
	void marginTooLargeIsAnError() {
		final Case c = twoFemurs(-1, -1);
		final BadInputException e = assertThrows(BadInputException.class,
			() -> FemoralShaftMarrow.segment(c.volume(), new FemoralShaftMarrow.Settings().margin_mm(9)));
		assertTrue(e.getMessage().startsWith("margin_mm: ") && e.getMessage().contains("too large"), e.getMessage());
	}

	@Test
	void touchingBoneWithItsOwnMarrowIsNotTaken() {
		final Case c = twoFemurs(-1, -1);
		// a smaller bone touching the left ring from below, with its own cavity (100 HU)
		c.ring(120, 50 + (14 + 6) / 0.8, 6.5, 3.5, OTHER_BONE, OTHER_MARROW, 100f, -1, -1);
		final Volume<FloatType> ct = c.volume();
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(ct, new FemoralShaftMarrow.Settings());
		assertEquals(2, res.regions().size());
		assertSameVoxels(truth(c, 80, NX, 1.0), res.region("left"));
		assertEquals(-50, RegionStats.compute(ct, res.region("left")).hu_mean(), 1e-9);
	}

	@Test
	void oneFemurOnly() {
		final Case c = new Case();
		java.util.Arrays.fill(c.hu, 40f);
		c.ring(40, 50, 14, 8, CORTEX, MARROW, 20f, -1, -1); // world x = -64 + 32 = -32 mm: patient right
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(c.volume(), new FemoralShaftMarrow.Settings());
		assertEquals(1, res.regions().size());
		assertNotNull(res.region("right"));
		assertNull(res.region("left"));
		assertSameVoxels(truth(c, 0, NX, 1.0), res.region("right"));
	}

	@Test
	void roiAndZRange() {
		final Case c = twoFemurs(-1, -1);
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(c.volume(),
			new FemoralShaftMarrow.Settings().roiBox(0, 0, 79, NY - 1).zRange(3, 10));
		assertEquals(1, res.regions().size());
		final MarrowRegion r = res.regions().get(0);
		// truth: the right femur's marrow on slices 3..10 only, shrunk (slices outside count as outside)
		final byte[] m = new byte[c.tissue.length];
		for (int z = 3; z <= 10; z++)
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < 80; x++) {
					final int i = x + NX * (y + NY * z);
					if (c.tissue[i] == MARROW) m[i] = 1;
				}
		assertSameVoxels(BruteForce.shrink(m, NX, NY, NZ, SP, 1.0), r);
		assertEquals(8, res.sides().get(0).slicesUsed().length);
	}
}
