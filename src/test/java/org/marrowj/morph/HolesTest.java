package org.marrowj.morph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HolesTest {

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	/** Brute force: flood the background from every edge voxel of the volume (2D: of each slice). */
	static byte[] bruteFill(final Mask m, final boolean perSlice) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final boolean[] reached = new boolean[nx * ny * nz];
		final ArrayDeque<int[]> q = new ArrayDeque<>();
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final boolean edge = x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || (!perSlice && (z == 0 || z == nz - 1));
					if (edge && !m.get(x, y, z)) {
						reached[m.index(x, y, z)] = true;
						q.add(new int[] { x, y, z });
					}
				}
		final int[][] steps = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 } };
		while (!q.isEmpty()) {
			final int[] p = q.poll();
			for (int s = 0; s < (perSlice ? 4 : 6); s++) {
				final int a = p[0] + steps[s][0], b = p[1] + steps[s][1], c = p[2] + steps[s][2];
				if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
				final int i = m.index(a, b, c);
				if (m.get(a, b, c) || reached[i]) continue;
				reached[i] = true;
				q.add(new int[] { a, b, c });
			}
		}
		final byte[] out = new byte[reached.length];
		for (int i = 0; i < out.length; i++)
			out[i] = (byte) (reached[i] ? 0 : 1);
		return out;
	}

	private static Mask[] masks() {
		return new Mask[] { Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.5, 31), Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.6, 32),
			Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.7, 33), Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.8, 34),
			Masks.blobs(Masks.NX, Masks.NY, Masks.NZ, Masks.SPACING, 4, 0.1, 35), new Mask(4, 4, 4),
			Masks.random(Masks.NX, Masks.NY, Masks.NZ, 1, 36), Masks.random(1, 9, 9, 0.7, 37), shell() };
	}

	/** A hollow box away from the edge: a 3D hole, and a 2D hole in its inner slices. */
	static Mask shell() {
		final Mask m = new Mask(12, 11, 10);
		for (int z = 2; z <= 7; z++)
			for (int y = 3; y <= 8; y++)
				for (int x = 2; x <= 9; x++)
					if (z == 2 || z == 7 || y == 3 || y == 8 || x == 2 || x == 9) m.set(x, y, z, true);
		return m;
	}

	@Test
	void fill2DEqualsBruteForce() {
		int filled = 0;
		for (final Mask m : masks()) {
			final byte[] truth = bruteFill(m, true);
			assertArrayEquals(truth, Morph.fillHoles2D(m).data());
			for (int i = 0; i < truth.length; i++)
				filled += truth[i] - m.data()[i];
		}
		assertTrue(filled > 50, "holes were filled: " + filled);
	}

	@Test
	void fill3DEqualsBruteForce() {
		int filled = 0;
		for (final Mask m : masks()) {
			final byte[] truth = bruteFill(m, false);
			assertArrayEquals(truth, Morph.fillHoles3D(m).data());
			for (int i = 0; i < truth.length; i++)
				filled += truth[i] - m.data()[i];
		}
		assertTrue(filled > 50, "holes were filled: " + filled);
	}

	@Test
	void shellByHand() {
		final Mask m = shell();
		assertEquals(6 * 6 * 8 - 4 * 4 * 6, m.count());
		assertEquals(6 * 6 * 8, Morph.fillHoles3D(m).count());
		assertEquals(6 * 6 * 8, Morph.fillHoles2D(m).count()); // the caps are solid, the inner slices rings
		// open a side wall in slice 5: no 3D hole any more; slice 5 keeps its 6 x 4 interior open
		m.set(2, 5, 5, false);
		assertEquals(m.count(), Morph.fillHoles3D(m).count());
		assertEquals(6 * 6 * 8 - 1 - 6 * 4, Morph.fillHoles2D(m).count());
	}

	@Test
	void sameResultForAnyNumberOfThreads() {
		final Mask m = Masks.random(33, 30, 27, 0.7, 38);
		Parallel.setThreads(1);
		final byte[] a = Morph.fillHoles2D(m).data(), b = Morph.fillHoles3D(m).data();
		for (final int t : new int[] { 2, 5 }) {
			Parallel.setThreads(t);
			assertArrayEquals(a, Morph.fillHoles2D(m).data());
			assertArrayEquals(b, Morph.fillHoles3D(m).data());
		}
	}
}
