package org.marrowj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.RandomAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

class FemurPhantomTest {

	static float[] floats(final Volume<FloatType> v) {
		final PlanarImg<FloatType, ?> img = (PlanarImg<FloatType, ?>) v.image();
		final int plane = v.width() * v.height();
		final float[] out = new float[plane * v.depth()];
		for (int z = 0; z < v.depth(); z++)
			System.arraycopy(((net.imglib2.img.basictypeaccess.array.FloatArray) img.getPlane(z)).getCurrentStorageArray(), 0, out,
				z * plane, plane);
		return out;
	}

	static byte[] bytes(final Volume<UnsignedByteType> v) {
		final PlanarImg<UnsignedByteType, ?> img = (PlanarImg<UnsignedByteType, ?>) v.image();
		final int plane = v.width() * v.height();
		final byte[] out = new byte[plane * v.depth()];
		for (int z = 0; z < v.depth(); z++)
			System.arraycopy(((net.imglib2.img.basictypeaccess.array.ByteArray) img.getPlane(z)).getCurrentStorageArray(), 0, out,
				z * plane, plane);
		return out;
	}

	static FemurOptions small() {
		final FemurOptions o = new FemurOptions();
		o.size(128, 80, 12).spacing(1.6, 1.6, 2);
		return o;
	}

	@Test
	void sameSeedGivesIdenticalArraysOtherSeedDiffers() {
		final Phantom a = Phantoms.femur(small());
		final Phantom b = Phantoms.femur(small());
		assertArrayEquals(floats(a.image()), floats(b.image()));
		assertArrayEquals(bytes(a.tissues()), bytes(b.tissues()));
		final FemurOptions o = small();
		o.seed = 2;
		final float[] c = floats(Phantoms.femur(o).image());
		int differ = 0;
		final float[] fa = floats(a.image());
		for (int i = 0; i < c.length; i++)
			if (c[i] != fa[i]) differ++;
		assertTrue(differ > c.length / 2, "another seed changes most voxels: " + differ);
		assertEquals(a.image().property("FrameOfReferenceUID"), b.image().property("FrameOfReferenceUID"));
	}

	@Test
	void oneThreadGivesTheSameImageAsManyThreads() throws Exception {
		final java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
		try {
			final Phantom a = one.submit(() -> Phantoms.femur(small())).get();
			assertArrayEquals(floats(Phantoms.femur(small()).image()), floats(a.image()));
		}
		finally {
			one.shutdown();
		}
	}

	@Test
	void noiseFreeValuesAreExactlyTheTissueHu() {
		final FemurOptions o = small();
		o.noiseSd_hu = 0;
		final Phantom p = Phantoms.femur(o);
		final float[] v = floats(p.image());
		final byte[] t = bytes(p.tissues());
		final float[] hu = { -1000, -100, 50, 1400, -60, 1400, -20, 1200 };
		final int[] count = new int[8];
		for (int i = 0; i < v.length; i++) {
			count[t[i]]++;
			assertEquals(hu[t[i]], v[i], 0.0);
		}
		for (int id = 0; id <= 6; id++)
			assertTrue(count[id] > 0, "tissue " + id + " present");
		assertEquals(0, count[7], "no other bone unless asked");
		assertEquals(Volume.HU, p.image().valueUnit());
		assertEquals("CT", p.image().modality());
	}

	@Test
	void leftFemurIsAtPlusXWithItsOwnMarrow() {
		final FemurOptions o = small();
		o.noiseSd_hu = 0;
		final Phantom p = Phantoms.femur(o);
		assertEquals(FemurModel.MARROW_LEFT, tissueAtWorld(p, 51, 3, 0));
		assertEquals(FemurModel.MARROW_RIGHT, tissueAtWorld(p, -51, 3, 0));
		assertEquals(-60f, valueAtWorld(p, 51, 3, 0), 0f);
		assertEquals(-20f, valueAtWorld(p, -51, 3, 0), 0f);
		assertEquals(FemurModel.AIR, tissueAtWorld(p, 0, 50, 0));
		@SuppressWarnings("unchecked")
		final Map<String, Object> left = (Map<String, Object>) ((Map<String, Object>) p.truth().get("femurs")).get("left");
		assertEquals(-60.0, left.get("marrow_hu"));
		assertArrayEquals(new double[] { 51, 3 }, (double[]) left.get("centre_xy_mm"));
	}

	static int[] index(final Geometry g, final double x, final double y, final double z) {
		final double[] i = g.worldToIndex(new double[] { x, y, z });
		return new int[] { (int) Math.round(i[0]), (int) Math.round(i[1]), (int) Math.round(i[2]) };
	}

	static int tissueAtWorld(final Phantom p, final double x, final double y, final double z) {
		final RandomAccess<UnsignedByteType> ra = p.tissues().image().randomAccess();
		ra.setPosition(index(p.tissues().geometry(), x, y, z));
		return ra.get().get();
	}

	static float valueAtWorld(final Phantom p, final double x, final double y, final double z) {
		final RandomAccess<FloatType> ra = p.image().image().randomAccess();
		ra.setPosition(index(p.image().geometry(), x, y, z));
		return ra.get().get();
	}

	@Test
	void flippedAndSwappedStorageShowTheSameWorldAnatomy() {
		final FemurOptions base = small();
		base.touchingBone = true;
		base.openRing = true;
		final Phantom ref = Phantoms.femur(base);
		final Geometry rg = ref.tissues().geometry();
		final boolean[][] variants = { { true, false, false, false }, { false, true, false, false }, { true, true, true, false },
			{ false, false, false, true }, { true, false, true, true } };
		for (final boolean[] f : variants) {
			final FemurOptions o = small();
			o.touchingBone = true;
			o.openRing = true;
			o.flipX = f[0];
			o.flipY = f[1];
			o.flipZ = f[2];
			o.swapXY = f[3];
			final Phantom p = Phantoms.femur(o);
			final Geometry g = p.tissues().geometry();
			assertEquals(f[3] ? 80 : 128, p.tissues().width());
			final RandomAccess<UnsignedByteType> a = ref.tissues().image().randomAccess();
			final RandomAccess<UnsignedByteType> b = p.tissues().image().randomAccess();
			int checked = 0;
			for (int z = 0; z < 12; z++)
				for (int y = 0; y < 80; y++)
					for (int x = 0; x < 128; x++) {
						final double[] w = rg.indexToWorld(x, y, z);
						a.setPosition(new int[] { x, y, z });
						b.setPosition(index(g, w[0], w[1], w[2]));
						assertEquals(a.get().get(), b.get().get(), "world " + w[0] + "," + w[1] + "," + w[2]);
						checked++;
					}
			assertEquals(128 * 80 * 12, checked);
			// the flipped axis points the other way in world space, the origin is the far end
			if (f[0] && !f[3]) {
				assertEquals(-1.0, g.direction(0, 0), 0.0);
				assertEquals(rg.origin()[0] + 127 * 1.6, g.origin()[0], 1e-9);
			}
		}
	}

	@Test
	void marrowMeanMatchesTruthWithinStandardError() {
		final FemurOptions o = small();
		o.noiseSd_hu = 25;
		final Phantom p = Phantoms.femur(o);
		final float[] v = floats(p.image());
		final byte[] t = bytes(p.tissues());
		for (final int id : new int[] { FemurModel.MARROW_LEFT, FemurModel.MARROW_RIGHT, FemurModel.MUSCLE }) {
			double sum = 0, sum2 = 0;
			int n = 0;
			for (int i = 0; i < v.length; i++)
				if (t[i] == id) {
					sum += v[i];
					sum2 += v[i] * (double) v[i];
					n++;
				}
			final double mean = sum / n, sd = Math.sqrt(sum2 / n - mean * mean);
			final double truth = id == FemurModel.MARROW_LEFT ? -60 : id == FemurModel.MARROW_RIGHT ? -20 : 50;
			// rounding to integers adds variance 1/12
			final double se = Math.sqrt(25 * 25 + 1.0 / 12) / Math.sqrt(n);
			assertEquals(truth, mean, 4 * se, "tissue " + id + " n=" + n);
			assertEquals(25, sd, 25 * 6 / Math.sqrt(2.0 * n) + 0.01, "noise sd of tissue " + id);
		}
	}

	@Test
	void cortexAreaPerSliceMatchesTheRingFormula() {
		final FemurOptions o = new FemurOptions();
		o.nz = 20;
		o.noiseSd_hu = 0;
		final Phantom p = Phantoms.femur(o);
		final byte[] t = bytes(p.tissues());
		final int plane = 256 * 256;
		@SuppressWarnings("unchecked")
		final List<Map<String, Object>> slices = (List<Map<String, Object>>) p.truth().get("slices");
		double worst = 0;
		for (int z = 0; z < 20; z++) {
			int left = 0, right = 0, marrowL = 0;
			for (int i = 0; i < plane; i++) {
				final byte id = t[z * plane + i];
				if (id == FemurModel.CORTEX_LEFT) left++;
				if (id == FemurModel.CORTEX_RIGHT) right++;
				if (id == FemurModel.MARROW_LEFT) marrowL++;
			}
			final Map<String, Object> s = slices.get(z);
			final double rl = (Double) s.get("left_outer_radius_mm"), il = (Double) s.get("left_inner_radius_mm");
			final double rr = (Double) s.get("right_outer_radius_mm"), ir = (Double) s.get("right_inner_radius_mm");
			final double px = 0.8 * 0.8;
			final double aL = Math.PI * (rl * rl - il * il), aR = Math.PI * (rr * rr - ir * ir);
			assertEquals(aL, left * px, 0.02 * aL, "slice " + z);
			assertEquals(aR, right * px, 0.02 * aR, "slice " + z);
			assertEquals(Math.PI * il * il, marrowL * px, 0.03 * Math.PI * il * il, "slice " + z);
			worst = Math.max(worst, Math.max(Math.abs(left * px - aL) / aL, Math.abs(right * px - aR) / aR));
		}
		System.out.println("cortex area worst relative error " + worst);
	}

	@Test
	void touchingBoneSharesFacesWithTheLeftRingAndOpenRingHasAGap() {
		final FemurOptions o = small();
		o.spacing(0.8, 0.8, 2).size(256, 160, 12);
		o.touchingBone = true;
		o.openRing = true;
		o.noiseSd_hu = 0;
		final Phantom p = Phantoms.femur(o);
		final byte[] t = bytes(p.tissues());
		final int nx = 256, ny = 160, plane = nx * ny;
		int touching = 0, gapSlices = 0;
		for (int z = 0; z < 12; z++) {
			int contacts = 0;
			boolean lateralGap = false;
			for (int y = 1; y < ny - 1; y++)
				for (int x = 1; x < nx - 1; x++) {
					final int i = z * plane + y * nx + x;
					if (t[i] == FemurModel.OTHER_BONE && (t[i - 1] == 3 || t[i + 1] == 3 || t[i - nx] == 3 || t[i + nx] == 3)) contacts++;
				}
			if (contacts > 0) touching++;
			// walk from the right marrow centre laterally (-x) along y = 3: marrow, then cortex unless open
			final Geometry g = p.tissues().geometry();
			final int[] c = index(g, -51, 3, g.indexToWorld(0, 0, z)[2]);
			boolean sawCortex = false;
			for (int x = c[0]; x > c[0] - 30; x--)
				if (t[z * plane + c[1] * nx + x] == FemurModel.CORTEX_RIGHT) sawCortex = true;
			if (!sawCortex) lateralGap = true;
			if (lateralGap) gapSlices++;
		}
		assertEquals(12, touching, "other bone touches the left cortex in every slice");
		assertEquals(4, gapSlices, "the right ring is open over the middle third (4 of 12 slices)");
	}

	@Test
	void badInputNamesTheParameter() {
		final BadInputException e = assertThrows(BadInputException.class, () -> Phantoms.generate("knee", null, 1));
		assertEquals("kind", e.subject());
		assertTrue(e.getMessage().contains("femur, spine, petct, hip"), e.getMessage());
		final FemurOptions o = small();
		o.noiseSd_hu = -1;
		assertEquals("noise_sd_hu", assertThrows(BadInputException.class, () -> Phantoms.femur(o)).subject());
		assertEquals("size", assertThrows(BadInputException.class, () -> Phantoms.generate("femur", new int[] { 0, 1, 1 }, 1))
			.subject());
	}

	@Test
	void generateWithASmallSizeKeepsTheWholeAnatomyInView() {
		final Phantom p = Phantoms.generate("femur", new int[] { 64, 64, 4 }, 3);
		assertEquals(64, p.image().width());
		assertTrue(p.image().geometry().spacing(0) * 64 >= 200);
		assertEquals(FemurModel.MARROW_LEFT, tissueAtWorld(p, 51, 3, 0));
		// no thigh tissue on the grid border
		final RandomAccess<UnsignedByteType> ra = p.tissues().image().randomAccess();
		for (int x = 0; x < 64; x++) {
			ra.setPosition(new int[] { x, 0, 0 });
			assertEquals(0, ra.get().get());
			ra.setPosition(new int[] { 0, x, 0 });
			assertEquals(0, ra.get().get());
		}
	}
}
