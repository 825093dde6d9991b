package org.marrowj.morph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;

class ComponentsTest {

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	/** Brute force: flood fill from each unlabelled voxel in flat order over the full neighbourhood. */
	static int[] bruteLabels(final Mask m, final int connectivity) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final int[] labels = new int[nx * ny * nz];
		int next = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					if (!m.get(x, y, z) || labels[m.index(x, y, z)] != 0) continue;
					final int label = ++next;
					final ArrayDeque<int[]> q = new ArrayDeque<>();
					labels[m.index(x, y, z)] = label;
					q.add(new int[] { x, y, z });
					while (!q.isEmpty()) {
						final int[] p = q.poll();
						for (int dz = -1; dz <= 1; dz++)
							for (int dy = -1; dy <= 1; dy++)
								for (int dx = -1; dx <= 1; dx++) {
									final int n = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
									if (n == 0 || (connectivity == 6 && n > 1) || (connectivity == 18 && n > 2)) continue;
									final int a = p[0] + dx, b = p[1] + dy, c = p[2] + dz;
									if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
									if (!m.get(a, b, c) || labels[m.index(a, b, c)] != 0) continue;
									labels[m.index(a, b, c)] = label;
									q.add(new int[] { a, b, c });
								}
					}
				}
		return labels;
	}

	private static Mask[] masks() {
		return new Mask[] { Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.15, 11), Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.25, 12),
			Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.35, 13), Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.6, 14),
			Masks.blobs(Masks.NX, Masks.NY, Masks.NZ, Masks.SPACING, 4, 0.05, 15), Masks.random(Masks.NX, Masks.NY, Masks.NZ, 1, 16),
			new Mask(5, 4, 3), Masks.random(1, 1, 40, 0.5, 17), Masks.random(40, 1, 1, 0.5, 18) };
	}

	@Test
	void labelsEqualBruteForceFloodFill() {
		int maxCount = 0;
		for (final int conn : new int[] { 6, 18, 26 })
			for (final Mask m : masks()) {
				final int[] truth = bruteLabels(m, conn);
				final Components c = Morph.components(m, conn);
				// same partition and same numbering (by first voxel in flat order)
				assertArrayEquals(truth, c.labels(), "connectivity " + conn);
				int count = 0;
				for (final int l : truth)
					count = Math.max(count, l);
				assertEquals(count, c.count());
				final long[] sizes = new long[count + 1];
				for (final int l : truth)
					if (l > 0) sizes[l]++;
				for (int l = 1; l <= count; l++)
					assertEquals(sizes[l], c.size(l));
				maxCount = Math.max(maxCount, count);
			}
		assertTrue(maxCount > 100, "many components were labelled: " + maxCount);
	}

	@Test
	void connectivitiesDifferByHand() {
		final Mask m = new Mask(3, 3, 3);
		m.set(0, 0, 0, true);
		m.set(1, 1, 0, true); // edge neighbour of (0,0,0)
		m.set(2, 2, 1, true); // corner neighbour of (1,1,0)
		m.set(0, 2, 2, true); // isolated
		assertEquals(4, Morph.components(m, 6).count());
		assertEquals(3, Morph.components(m, 18).count());
		assertEquals(2, Morph.components(m, 26).count());
		final Components c = Morph.components(m, 26);
		assertEquals(1, c.labels()[m.index(2, 2, 1)]);
		assertEquals(2, c.labels()[m.index(0, 2, 2)]);
		assertEquals(3, c.size(1));
	}

	@Test
	void largestComponentTakesLowestLabelOnTies() {
		final Mask m = new Mask(7, 3, 2);
		// components of 2 voxels at x = 0..1 and x = 5..6, and one of 3 voxels in z = 1
		m.set(5, 0, 0, true);
		m.set(6, 0, 0, true);
		m.set(0, 2, 0, true);
		m.set(1, 2, 0, true);
		Mask big = Morph.largestComponent(m, 6);
		assertEquals(2, big.count());
		assertTrue(big.get(5, 0, 0) && big.get(6, 0, 0)); // label 1: first voxel (5,0,0) comes first
		m.set(3, 1, 1, true);
		m.set(4, 1, 1, true);
		m.set(2, 1, 1, true);
		big = Morph.largestComponent(m, 6);
		assertEquals(3, big.count());
		assertTrue(big.get(2, 1, 1));
		assertEquals(0, Morph.largestComponent(new Mask(2, 2, 2), 6).count());
	}

	@Test
	void sameLabelsForAnyNumberOfThreads() {
		final Mask[] ms = { Masks.random(31, 29, 37, 0.3, 21), Masks.random(31, 29, 37, 0.5, 22),
			Masks.blobs(31, 29, 37, Masks.SPACING, 8, 0.03, 23), Masks.random(8, 8, 5, 0.35, 24) };
		for (final int conn : new int[] { 6, 18, 26 })
			for (final Mask m : ms) {
				Parallel.setThreads(1);
				final int[] truth = bruteLabels(m, conn);
				assertArrayEquals(truth, Morph.components(m, conn).labels());
				for (final int t : new int[] { 2, 3, 5, 8 }) {
					Parallel.setThreads(t);
					assertArrayEquals(truth, Morph.components(m, conn).labels(), t + " threads, connectivity " + conn);
				}
			}
	}

	@Test
	void badConnectivityIsNamed() {
		assertTrue(assertThrows(BadInputException.class, () -> Morph.components(new Mask(2, 2, 2), 8)).getMessage()
			.startsWith("connectivity"));
	}
}
