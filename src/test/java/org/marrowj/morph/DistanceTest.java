package org.marrowj.morph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;

class DistanceTest {

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	/** Brute force: min over outside voxels, including one virtual outside layer around the grid. */
	static double[] bruteOutside(final Mask m, final double[] sp) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final java.util.List<int[]> outside = new java.util.ArrayList<>();
		for (int z = -1; z <= nz; z++)
			for (int y = -1; y <= ny; y++)
				for (int x = -1; x <= nx; x++) {
					final boolean beyond = x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz;
					if (beyond || !m.get(x, y, z)) outside.add(new int[] { x, y, z });
				}
		final double[] d2 = new double[nx * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					if (!m.get(x, y, z)) continue;
					double best = Double.POSITIVE_INFINITY;
					for (final int[] q : outside) {
						final double a = (x - q[0]) * sp[0], b = (y - q[1]) * sp[1], c = (z - q[2]) * sp[2];
						best = Math.min(best, a * a + b * b + c * c);
					}
					d2[m.index(x, y, z)] = best;
				}
		return d2;
	}

	/** Brute force: min over region voxels (nothing beyond the edge). */
	static double[] bruteRegion(final Mask m, final double[] sp) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final java.util.List<int[]> region = new java.util.ArrayList<>();
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++)
					if (m.get(x, y, z)) region.add(new int[] { x, y, z });
		final double[] d2 = new double[nx * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					double best = Double.POSITIVE_INFINITY;
					for (final int[] q : region) {
						final double a = (x - q[0]) * sp[0], b = (y - q[1]) * sp[1], c = (z - q[2]) * sp[2];
						best = Math.min(best, a * a + b * b + c * c);
					}
					d2[m.index(x, y, z)] = best;
				}
		return d2;
	}

	private static void assertClose(final double[] truth, final float[] got, final String what) {
		assertEquals(truth.length, got.length);
		for (int i = 0; i < truth.length; i++) {
			if (Double.isInfinite(truth[i])) {
				assertEquals(Float.POSITIVE_INFINITY, got[i], what + " voxel " + i);
				continue;
			}
			assertEquals(truth[i], got[i], 1e-6 * truth[i] + 1e-12, what + " voxel " + i);
		}
	}

	@Test
	void distanceToOutsideEqualsBruteForce() {
		final Mask[] masks = Masks.suite();
		double maxSeen = 0;
		for (int k = 0; k < masks.length; k++) {
			final double[] truth = bruteOutside(masks[k], Masks.SPACING);
			assertClose(truth, Morph.distanceToOutsideSquared(masks[k], Masks.SPACING), "mask " + k);
			for (final double v : truth)
				maxSeen = Math.max(maxSeen, v);
		}
		// the full mask: the centre voxel (11, 8, 5) is 12 * 0.7 = 8.4 mm from the virtual layer along x
		assertTrue(maxSeen > 8 * 8, "some distances span several voxels: " + maxSeen);
	}

	@Test
	void distanceToRegionEqualsBruteForce() {
		final Mask[] masks = Masks.suite();
		for (int k = 0; k < masks.length; k++)
			assertClose(bruteRegion(masks[k], Masks.SPACING), Morph.distanceToRegionSquared(masks[k], Masks.SPACING), "mask " + k);
		final float[] empty = Morph.distanceToRegionSquared(new Mask(4, 3, 2), Masks.SPACING);
		for (final float v : empty)
			assertEquals(Float.POSITIVE_INFINITY, v);
	}

	@Test
	void otherShapesAndSpacings() {
		// thin and flat grids, isotropic and strongly anisotropic spacing
		final double[][] spacings = { { 1, 1, 1 }, { 3.1, 0.4, 0.9 }, { 0.5, 0.5, 5 } };
		final int[][] dims = { { 1, 1, 1 }, { 30, 1, 1 }, { 1, 25, 3 }, { 9, 8, 1 }, { 2, 2, 40 } };
		long seed = 100;
		for (final double[] sp : spacings)
			for (final int[] d : dims)
				for (final double density : new double[] { 0.5, 0.9, 1 }) {
					final Mask m = Masks.random(d[0], d[1], d[2], density, seed++);
					assertClose(bruteOutside(m, sp), Morph.distanceToOutsideSquared(m, sp), "outside " + seed);
					assertClose(bruteRegion(m, sp), Morph.distanceToRegionSquared(m, sp), "region " + seed);
				}
	}

	/** Distances that occur in the brute-force map, to use as margins (ties), and values in between. */
	private static double[] margins(final double[] d2) {
		final TreeSet<Double> set = new TreeSet<>();
		for (final double v : d2)
			if (v > 0 && !Double.isInfinite(v)) set.add(v);
		final Double[] all = set.toArray(new Double[0]);
		final double[] m = new double[8];
		if (all.length == 0) return new double[] { 0, 1.0, 2.5 };
		for (int k = 0; k < 4; k++)
			m[k] = Math.sqrt(all[Math.min(all.length - 1, k * all.length / 4)]); // exactly a distance
		for (int k = 0; k < 3; k++) {
			final int i = Math.min(all.length - 2, (2 * k + 1) * all.length / 8);
			m[4 + k] = i < 0 ? 1 : Math.sqrt(0.5 * (all[i] + all[i + 1])); // strictly between two distances
		}
		m[7] = 0;
		return m;
	}

	@Test
	void shrinkEqualsBruteForceIncludingTies() {
		int ties = 0;
		for (final Mask m : Masks.suite()) {
			final double[] d2 = bruteOutside(m, Masks.SPACING);
			for (final double margin : margins(d2)) {
				final Mask got = Morph.shrink(m, margin, Masks.SPACING);
				final double m2 = margin * margin;
				for (int i = 0; i < d2.length; i++) {
					final boolean inside = m.data()[i] != 0;
					final boolean tie = inside && Math.abs(d2[i] - m2) <= 1e-9 * m2;
					if (tie) ties++;
					// exact definition: keep when distance > margin; a tie is not kept
					final boolean keep = inside && d2[i] > m2 && !tie;
					assertEquals(keep ? 1 : 0, got.data()[i], "margin " + margin + " voxel " + i);
				}
			}
		}
		assertTrue(ties > 100, "margins equal to distances were tested: " + ties);
	}

	@Test
	void growEqualsBruteForceIncludingTies() {
		int ties = 0;
		for (final Mask m : Masks.suite()) {
			final double[] d2 = bruteRegion(m, Masks.SPACING);
			final double[] ms = margins(d2);
			final double[] more = java.util.Arrays.copyOf(ms, ms.length + 2);
			more[ms.length] = 100; // everything
			more[ms.length + 1] = 2.9; // exactly one slice
			for (final double margin : more) {
				final Mask got = Morph.grow(m, margin, Masks.SPACING);
				final double m2 = margin * margin;
				for (int i = 0; i < d2.length; i++) {
					final boolean tie = Math.abs(d2[i] - m2) <= 1e-9 * m2;
					if (tie && d2[i] > 0) ties++;
					final boolean in = d2[i] <= m2 || tie;
					assertEquals(in ? 1 : 0, got.data()[i], "margin " + margin + " voxel " + i);
				}
			}
		}
		assertTrue(ties > 100, "margins equal to distances were tested: " + ties);
	}

	@Test
	void growAndShrinkOfSingleVoxelByHand() {
		final Mask m = new Mask(9, 9, 9);
		m.set(4, 4, 4, true);
		final double[] sp = { 1, 2, 3 };
		// grow by 2 mm: x +-2 (2 mm), y +-1 (2 mm), not z (3 mm), not (1,1,0) (sqrt 5)
		final Mask g = Morph.grow(m, 2, sp);
		assertEquals(1 + 4 + 2, g.count());
		assertTrue(g.get(2, 4, 4) && g.get(6, 4, 4) && g.get(4, 3, 4) && g.get(4, 5, 4));
		// the 3x3x3 block in a 5x5x5 grid: outer block voxels 1 voxel from outside, the centre 2 voxels
		final Mask block = new Mask(5, 5, 5);
		for (int z = 1; z < 4; z++)
			for (int y = 1; y < 4; y++)
				for (int x = 1; x < 4; x++)
					block.set(x, y, z, true);
		assertEquals(1, Morph.shrink(block, 1, new double[] { 1, 1, 1 }).count());
		assertEquals(0, Morph.shrink(block, 2, new double[] { 1, 1, 1 }).count());
		assertEquals(27, Morph.shrink(block, 1.5, new double[] { 3, 3, 3 }).count());
		assertEquals(1, Morph.shrink(block, 3, new double[] { 3, 3, 3 }).count()); // outer voxels at exactly 3 mm go
		assertEquals(27, Morph.shrink(block, 0, sp).count());
		// voxel on the image border: 1 spacing from the virtual outside layer
		final Mask full = new Mask(3, 1, 1);
		full.data()[0] = full.data()[1] = full.data()[2] = 1;
		assertArrayEquals(new float[] { 4, 4, 4 }, Morph.distanceToOutsideSquared(full, new double[] { 5, 2, 3 }));
	}

	@Test
	void sameResultForAnyNumberOfThreads() {
		final Mask m = Masks.blobs(40, 37, 29, Masks.SPACING, 6, 0.01, 77);
		Parallel.setThreads(1);
		final float[] a = Morph.distanceToOutsideSquared(m, Masks.SPACING);
		final float[] ar = Morph.distanceToRegionSquared(m, Masks.SPACING);
		final byte[] s = Morph.shrink(m, 2.0, Masks.SPACING).data();
		final byte[] g = Morph.grow(m, 3.0, Masks.SPACING).data();
		for (final int t : new int[] { 2, 3, 7 }) {
			Parallel.setThreads(t);
			assertArrayEquals(a, Morph.distanceToOutsideSquared(m, Masks.SPACING));
			assertArrayEquals(ar, Morph.distanceToRegionSquared(m, Masks.SPACING));
			assertArrayEquals(s, Morph.shrink(m, 2.0, Masks.SPACING).data());
			assertArrayEquals(g, Morph.grow(m, 3.0, Masks.SPACING).data());
		}
	}

	@Test
	void badParametersAreNamed() {
		final Mask m = new Mask(3, 3, 3);
		assertTrue(assertThrows(BadInputException.class, () -> Morph.shrink(m, -1, Masks.SPACING)).getMessage()
			.startsWith("margin_mm"));
		assertTrue(assertThrows(BadInputException.class, () -> Morph.grow(m, Double.NaN, Masks.SPACING)).getMessage()
			.startsWith("margin_mm"));
		assertTrue(assertThrows(BadInputException.class, () -> Morph.grow(m, 1, new double[] { 1, 0, 1 })).getMessage()
			.startsWith("spacing_mm"));
		assertTrue(assertThrows(BadInputException.class, () -> Morph.distanceToOutsideSquared(m, new double[] { 1, 1 }))
			.getMessage().startsWith("spacing_mm"));
	}
}
