package org.marrowj.qct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;
import org.marrowj.io.ImageReaders;
import org.marrowj.image.Volume;
import org.marrowj.phantom.Phantom;

import net.imglib2.type.numeric.real.FloatType;

class RodDetectorTest {

	/** Expected rod HU of the hip phantom: float(-5 + 1.25 K) as the phantom stores it. */
	static double phantomHu(final double k) {
		return (float) (-5 + 1.25 * k);
	}

	/** Asserts the rods lie at the phantom's rods in the given truth order (world mm). */
	static void assertRodsAt(final List<Rod> rods, final int[] truthOrder, final double tol_mm) {
		assertEquals(truthOrder.length, rods.size());
		for (int i = 0; i < rods.size(); i++) {
			final double[] c = rods.get(i).centre_mm();
			assertEquals(QctPhantoms.ROD_X[truthOrder[i]], c[0], tol_mm, "rod " + (i + 1) + " x: " + rods.get(i));
			assertEquals(QctPhantoms.ROD_Y, c[1], tol_mm, "rod " + (i + 1) + " y: " + rods.get(i));
			assertEquals(i + 1, rods.get(i).index());
		}
	}

	@Test
	void noiseFreeRodsHaveTheExactPhantomValues() {
		final Phantom p = QctPhantoms.hip(30, 0, false, false, false);
		final List<Rod> rods = RodDetector.detect(p.image(), new RodOptions());
		assertRodsAt(rods, new int[] { 0, 1, 2, 3, 4 }, 0.1);
		final List<Map<String, Object>> truth = QctPhantoms.truthRods(p);
		for (int i = 0; i < 5; i++) {
			final Rod r = rods.get(i);
			assertEquals(phantomHu(QctPhantoms.K2HPO4[i]), r.hu_mean(), 0.0, r.toString());
			assertEquals(0.0, r.hu_sd(), 0.0);
			assertEquals(6.0, r.radius_mm(), 0.3, "radius from the half-contrast area");
			assertEquals(Math.min(0.7 * r.radius_mm(), r.radius_mm() - 1.5), r.roiRadius_mm(), 1e-12);
			assertEquals((Double) truth.get(i).get("hu"), r.hu_mean(), 1e-4);
			// voxel count = pixels within the ROI radius x slices, counted by brute force
			final double[] c = r.centreIndex();
			long n = 0;
			for (int y = 0; y < 256; y++)
				for (int x = 0; x < 256; x++)
					if (Math.hypot((x - c[0]) * 0.9, (y - c[1]) * 0.9) <= r.roiRadius_mm()) n++;
			assertEquals(30 * n, r.voxels());
			assertEquals(0, r.zFirst());
			assertEquals(29, r.zLast());
		}
	}

	@Test
	void noisyRodsAreFoundInEveryStorageOrientation() {
		// (flipX, flipY, swapXY) -> truth index of rod 1..5 in the normal order
		final Object[][] cases = { { false, false, false, new int[] { 0, 1, 2, 3, 4 } },
			{ true, false, false, new int[] { 4, 3, 2, 1, 0 } }, { false, true, false, new int[] { 0, 1, 2, 3, 4 } },
			{ false, false, true, new int[] { 0, 1, 2, 3, 4 } }, { true, true, true, new int[] { 4, 3, 2, 1, 0 } } };
		for (final Object[] cs : cases) {
			final boolean fx = (Boolean) cs[0], fy = (Boolean) cs[1], sw = (Boolean) cs[2];
			final int[] order = (int[]) cs[3];
			final Phantom p = QctPhantoms.hip(24, 10, fx, fy, sw);
			final String what = "flipX=" + fx + " flipY=" + fy + " swapXY=" + sw;
			final List<Rod> rods = RodDetector.detect(p.image(), new RodOptions());
			assertRodsAt(rods, order, 0.25);
			for (int i = 0; i < 5; i++) {
				final Rod r = rods.get(i);
				final double expected = phantomHu(QctPhantoms.K2HPO4[order[i]]);
				assertEquals(expected, r.hu_mean(), 4 * 10 / Math.sqrt(r.voxels()), what + " " + r);
				assertEquals(10, r.hu_sd(), 1.0, what + " " + r);
			}
			// the reversed order gives the same rods backwards
			final List<Rod> rev = RodDetector.detect(p.image(), new RodOptions().order(RodOrder.REVERSED));
			final int[] back = new int[5];
			for (int i = 0; i < 5; i++)
				back[i] = order[4 - i];
			assertRodsAt(rev, back, 0.25);
			for (int i = 0; i < 5; i++)
				assertEquals(rods.get(4 - i).hu_mean(), rev.get(i).hu_mean(), 0.0);
		}
	}

	@Test
	void mirroredStorageWithReversedOrderGivesTheWorldOrder() {
		final Phantom p = QctPhantoms.hip(24, 10, true, false, false);
		assertRodsAt(RodDetector.detect(p.image(), new RodOptions().order(RodOrder.REVERSED)), new int[] { 0, 1, 2, 3, 4 }, 0.25);
	}

	@Test
	void oneNoisySliceIsEnough() {
		final Phantom p = QctPhantoms.hip(24, 10, false, false, false);
		final List<Rod> rods = RodDetector.detect(p.image(), new RodOptions().zRange(7, 7));
		assertRodsAt(rods, new int[] { 0, 1, 2, 3, 4 }, 0.5);
		for (final Rod r : rods) {
			assertEquals(7, r.zFirst());
			assertEquals(7, r.zLast());
			assertEquals(p.image().geometry().indexToWorld(0, 0, 7)[2], r.centre_mm()[2], 1e-9);
		}
	}

	@Test
	void userCentresInWorldAndIndexGiveTheSameRods() {
		final Phantom p = QctPhantoms.hip(20, 0, true, false, true);
		final List<double[]> world = new ArrayList<>();
		for (final double x : QctPhantoms.ROD_X)
			world.add(new double[] { x, QctPhantoms.ROD_Y });
		final List<Rod> a = RodDetector.measureAtWorld(p.image(), world, 6, new RodOptions());
		final List<double[]> idx = new ArrayList<>();
		for (final Rod r : a)
			idx.add(r.centreIndex());
		final List<Rod> b = RodDetector.measureAtIndex(p.image(), idx, 6, new RodOptions());
		for (int i = 0; i < 5; i++) {
			// user order is kept: rod i is the i-th point given, whatever the storage
			assertEquals(phantomHu(QctPhantoms.K2HPO4[i]), a.get(i).hu_mean(), 0.0);
			assertEquals(0.0, a.get(i).hu_sd(), 0.0);
			assertEquals(4.2, a.get(i).roiRadius_mm(), 1e-12);
			assertEquals(QctPhantoms.ROD_X[i], a.get(i).centre_mm()[0], 1e-6);
			assertEquals(a.get(i).voxels(), b.get(i).voxels());
			assertEquals(a.get(i).hu_mean(), b.get(i).hu_mean(), 0.0);
		}
		final List<double[]> parsed = RodDetector.parseCentres("-40,100; -10,100;20, 100", "rod_centres");
		assertEquals(3, parsed.size());
		assertTrue(Arrays.equals(new double[] { 20, 100 }, parsed.get(2)));
	}

	@Test
	void aCtWithoutPhantomSaysNoRodsWereFound() {
		final Volume<FloatType> ct = QctPhantoms.withoutCalibrationPhantom(QctPhantoms.hip(24, 10, false, false, false));
		final BadInputException e = assertThrows(BadInputException.class, () -> RodDetector.detect(ct, new RodOptions()));
		assertEquals("rod_count", e.subject());
		assertTrue(e.getMessage().contains("found 0 rods"), e.getMessage());
		assertTrue(e.getMessage().contains("z_first"), e.getMessage());
	}

	/** Real CTs without a calibration phantom (table, humeri, femur in view): no rods are invented. */
	@Test
	void realCtsWithoutPhantomGiveNoRods() {
		for (final String dir : new String[] { "ct-dicom-siemens-t11-t12/dicom", "petct-thigh-sts027/ct" }) {
			@SuppressWarnings({ "unchecked", "rawtypes" })
			final Volume<FloatType> ct = (Volume) ImageReaders.open(SharedData.require(dir));
			final BadInputException e = assertThrows(BadInputException.class, () -> RodDetector.detect(ct, new RodOptions()));
			assertTrue(e.getMessage().startsWith("rod_count: found 0 rods under the patient, need 5"), dir + ": " + e.getMessage());
		}
	}

	@Test
	void aWrongRodCountSaysHowManyWereFoundAndWhere() {
		final Phantom p = QctPhantoms.hip(24, 10, false, true, false);
		for (final int n : new int[] { 4, 6 }) {
			final BadInputException e = assertThrows(BadInputException.class,
				() -> RodDetector.detect(p.image(), new RodOptions().rodCount(n)));
			assertEquals("rod_count", e.subject());
			assertTrue(e.getMessage().contains("found 5 rods under the patient, need " + n), e.getMessage());
			final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((-?[0-9.]+), (-?[0-9.]+), (-?[0-9.]+)\\)")
				.matcher(e.getMessage());
			for (int i = 0; i < 5; i++) {
				assertTrue(m.find(), e.getMessage());
				assertEquals(QctPhantoms.ROD_X[i], Double.parseDouble(m.group(1)), 0.25, e.getMessage());
				assertEquals(QctPhantoms.ROD_Y, Double.parseDouble(m.group(2)), 0.25, e.getMessage());
			}
			assertTrue(!m.find(), e.getMessage());
		}
	}

	@Test
	void badParametersAreNamed() {
		final Phantom p = QctPhantoms.hip(8, 0, false, false, false);
		assertEquals("rod_count", assertThrows(BadInputException.class,
			() -> RodDetector.detect(p.image(), new RodOptions().rodCount(1))).subject());
		assertEquals("z_last", assertThrows(BadInputException.class,
			() -> RodDetector.detect(p.image(), new RodOptions().zRange(0, 8))).subject());
		assertEquals("z_last", assertThrows(BadInputException.class,
			() -> RodDetector.detect(p.image(), new RodOptions().zRange(5, 3))).subject());
		assertEquals("rod_order", assertThrows(BadInputException.class, () -> RodOrder.parse("sideways")).subject());
		assertEquals(RodOrder.REVERSED, RodOrder.parse(" Reversed "));
		final List<double[]> outside = new ArrayList<>();
		outside.add(new double[] { 300, 10 });
		final BadInputException e = assertThrows(BadInputException.class,
			() -> RodDetector.measureAtIndex(p.image(), outside, 6, new RodOptions()));
		assertEquals("rod_centres", e.subject());
		assertTrue(e.getMessage().contains("outside"), e.getMessage());
		final List<double[]> inside = new ArrayList<>();
		inside.add(new double[] { 100, 100 });
		assertEquals("rod_radius_mm", assertThrows(BadInputException.class,
			() -> RodDetector.measureAtIndex(p.image(), inside, 1.0, new RodOptions())).subject());
		assertEquals("rod_centres", assertThrows(BadInputException.class,
			() -> RodDetector.parseCentres("1,2; 3", "rod_centres")).subject());
		assertTrue(assertThrows(BadInputException.class, () -> RodDetector.parseCentres("1,2; 3,a", "rod_centres")).getMessage()
			.contains("'a' is not a number"));
	}
}
