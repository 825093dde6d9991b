package org.marrowj.morph;

/**
 * Hole filling by breadth-first flood of the background from the edge, restricted to the
 * bounding box of the foreground: background outside the box always reaches the edge (straight
 * away from the box), so inside the box the flood starts from the background voxels on the box's
 * faces. A hole is a background voxel the flood does not reach.
 */
final class Holes {

	private Holes() {}

	/** Per z slice, 4-connectivity, parallel over slices. */
	static Mask fill2D(final Mask m) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final byte[] in = m.data();
		final Mask result = m.copy();
		final byte[] out = result.data();
		final int plane = nx * ny;
		Parallel.forBlocks(nz, 1, (from, to) -> {
			int[] queue = new int[0];
			for (int z = from; z < to; z++) {
				final int base = plane * z;
				// 2D bounding box of the slice
				int x0 = nx, y0 = ny, x1 = -1, y1 = -1;
				for (int y = 0; y < ny; y++) {
					final int row = base + nx * y;
					for (int x = 0; x < nx; x++)
						if (in[row + x] != 0) {
							if (x < x0) x0 = x;
							if (x > x1) x1 = x;
							if (y < y0) y0 = y;
							if (y1 < y) y1 = y;
						}
				}
				if (x1 < 0) continue;
				final int bx = x1 - x0 + 1, by = y1 - y0 + 1;
				if (bx < 3 || by < 3) continue; // no room for a hole
				if (queue.length < bx * by) queue = new int[bx * by];
				// reached background is marked 2 in out
				int head = 0, tail = 0;
				for (int y = y0; y <= y1; y++)
					for (int x = x0; x <= x1; x++) {
						if (x != x0 && x != x1 && y != y0 && y != y1) continue;
						final int i = base + x + nx * y;
						if (out[i] == 0) {
							out[i] = 2;
							queue[tail++] = i;
						}
					}
				while (head < tail) {
					final int i = queue[head++];
					final int r = i - base, x = r % nx, y = r / nx;
					if (x > x0 && out[i - 1] == 0) {
						out[i - 1] = 2;
						queue[tail++] = i - 1;
					}
					if (x < x1 && out[i + 1] == 0) {
						out[i + 1] = 2;
						queue[tail++] = i + 1;
					}
					if (y > y0 && out[i - nx] == 0) {
						out[i - nx] = 2;
						queue[tail++] = i - nx;
					}
					if (y < y1 && out[i + nx] == 0) {
						out[i + nx] = 2;
						queue[tail++] = i + nx;
					}
				}
				for (int y = y0; y <= y1; y++) {
					final int row = base + nx * y;
					for (int x = x0; x <= x1; x++)
						out[row + x] = (byte) (out[row + x] == 2 ? 0 : 1);
				}
			}
		});
		return result;
	}

	/** 6-connectivity over the volume. */
	static Mask fill3D(final Mask m) {
		final int nx = m.nx(), ny = m.ny();
		final Mask result = m.copy();
		final int[] box = Morph.boundingBox(m);
		if (box == null) return result;
		final int x0 = box[0], y0 = box[1], z0 = box[2], x1 = box[3] - 1, y1 = box[4] - 1, z1 = box[5] - 1;
		if (x1 - x0 < 2 || y1 - y0 < 2 || z1 - z0 < 2) return result;
		final byte[] out = result.data();
		final int plane = nx * ny;
		final IntQueue queue = new IntQueue(1 << 16);
		for (int z = z0; z <= z1; z++)
			for (int y = y0; y <= y1; y++) {
				final boolean face = z == z0 || z == z1 || y == y0 || y == y1;
				for (int x = x0; x <= x1; x++) {
					if (!face && x != x0 && x != x1) continue;
					final int i = x + nx * (y + ny * z);
					if (out[i] == 0) {
						out[i] = 2;
						queue.add(i);
					}
				}
			}
		while (!queue.isEmpty()) {
			final int i = queue.poll();
			final int x = i % nx, yz = i / nx, y = yz % ny, z = yz / ny;
			if (x > x0 && out[i - 1] == 0) {
				out[i - 1] = 2;
				queue.add(i - 1);
			}
			if (x < x1 && out[i + 1] == 0) {
				out[i + 1] = 2;
				queue.add(i + 1);
			}
			if (y > y0 && out[i - nx] == 0) {
				out[i - nx] = 2;
				queue.add(i - nx);
			}
			if (y < y1 && out[i + nx] == 0) {
				out[i + nx] = 2;
				queue.add(i + nx);
			}
			if (z > z0 && out[i - plane] == 0) {
				out[i - plane] = 2;
				queue.add(i - plane);
			}
			if (z < z1 && out[i + plane] == 0) {
				out[i + plane] = 2;
				queue.add(i + plane);
			}
		}
		final int bz = z1 - z0 + 1;
		Parallel.forBlocks(bz, 1, (from, to) -> {
			for (int z = z0 + from; z < z0 + to; z++)
				for (int y = y0; y <= y1; y++) {
					final int row = nx * (y + ny * z);
					for (int x = x0; x <= x1; x++)
						out[row + x] = (byte) (out[row + x] == 2 ? 0 : 1);
				}
		});
		return result;
	}

	/** Growable ring buffer of ints. */
	static final class IntQueue {
		private int[] a;
		private int head, size;

		IntQueue(final int capacity) {
			a = new int[capacity];
		}

		boolean isEmpty() {
			return size == 0;
		}

		void add(final int v) {
			if (size == a.length) {
				final int[] b = new int[a.length * 2];
				for (int k = 0; k < size; k++)
					b[k] = a[(head + k) % a.length];
				a = b;
				head = 0;
			}
			a[(head + size) % a.length] = v;
			size++;
		}

		int poll() {
			final int v = a[head];
			head = head + 1 == a.length ? 0 : head + 1;
			size--;
			return v;
		}
	}
}
