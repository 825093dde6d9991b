package org.marrowj.morph;

/**
 * Hole filling by a scanline flood of the background from the edge, restricted to the bounding
 * box of the foreground: background outside the box always reaches the edge (straight away from
 * the box), so inside the box the flood starts from the background voxels on the box's faces. A
 * hole is a background voxel the flood does not reach. Linear time.
 */
final class Holes {

	private Holes() {}

	/** Per z slice, 4-connectivity, parallel over slices. */
	static Mask fill2D(final Mask m) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final byte[] in = m.data();
		final Mask result = m.copy();
		final byte[] out = result.data();
		Parallel.forBlocks(nz, 1, (from, to) -> {
			final IntStack stack = new IntStack();
			for (int z = from; z < to; z++) {
				// 2D bounding box of the slice
				int x0 = nx, y0 = ny, x1 = -1, y1 = -1;
				for (int y = 0; y < ny; y++) {
					final int row = nx * (y + ny * z);
					for (int x = 0; x < nx; x++)
						if (in[row + x] != 0) {
							if (x < x0) x0 = x;
							if (x > x1) x1 = x;
							if (y < y0) y0 = y;
							y1 = y;
						}
				}
				if (x1 - x0 < 2 || y1 - y0 < 2) continue; // empty, or no room for a hole
				fillBox(out, nx, ny, new int[] { x0, y0, z, x1, y1, z }, false, stack);
			}
		});
		return result;
	}

	/** 6-connectivity over the volume. */
	static Mask fill3D(final Mask m) {
		final Mask result = m.copy();
		final int[] b = Morph.boundingBox(m);
		if (b == null || b[3] - b[0] < 3 || b[4] - b[1] < 3 || b[5] - b[2] < 3) return result;
		fillBox(result.data(), m.nx(), m.ny(), new int[] { b[0], b[1], b[2], b[3] - 1, b[4] - 1, b[5] - 1 }, true, new IntStack());
		return result;
	}

	/**
	 * Floods (marking 2) the background of box {x0,y0,z0,x1,y1,z1} (inclusive) connected to the
	 * box's faces (2D: its edges in the one slice), then sets unreached background to 1 and
	 * reached background back to 0.
	 */
	private static void fillBox(final byte[] out, final int nx, final int ny, final int[] box, final boolean threeD,
		final IntStack stack)
	{
		final int x0 = box[0], y0 = box[1], z0 = box[2], x1 = box[3], y1 = box[4], z1 = box[5];
		for (int z = z0; z <= z1; z++)
			for (int y = y0; y <= y1; y++) {
				final boolean face = y == y0 || y == y1 || (threeD && (z == z0 || z == z1));
				final int row = nx * (y + ny * z);
				for (int x = x0; x <= x1; x++) {
					if (!face && x != x0 && x != x1) continue;
					if (out[row + x] == 0) flood(out, nx, ny, box, threeD, row + x, stack);
				}
			}
		final int bz = z1 - z0 + 1;
		final Parallel.Block restore = (from, to) -> {
			for (int z = z0 + from; z < z0 + to; z++)
				for (int y = y0; y <= y1; y++) {
					final int row = nx * (y + ny * z);
					for (int x = x0; x <= x1; x++)
						out[row + x] = (byte) (out[row + x] == 2 ? 0 : 1);
				}
		};
		if (threeD) Parallel.forBlocks(bz, 1, restore);
		else restore.run(0, bz);
	}

	/** Scanline flood from seed: marks whole runs along x, pushes run starts of the neighbouring rows. */
	private static void flood(final byte[] out, final int nx, final int ny, final int[] box, final boolean threeD, final int seed,
		final IntStack stack)
	{
		final int x0 = box[0], y0 = box[1], z0 = box[2], x1 = box[3], y1 = box[4], z1 = box[5];
		final int plane = nx * ny;
		stack.push(seed);
		while (!stack.isEmpty()) {
			final int i = stack.pop();
			if (out[i] != 0) continue;
			final int x = i % nx, yz = i / nx, y = yz % ny, z = yz / ny;
			final int row = i - x;
			int xl = x, xr = x;
			while (xl > x0 && out[row + xl - 1] == 0)
				xl--;
			while (xr < x1 && out[row + xr + 1] == 0)
				xr++;
			for (int k = xl; k <= xr; k++)
				out[row + k] = 2;
			if (y > y0) pushRuns(out, row - nx, xl, xr, stack);
			if (y < y1) pushRuns(out, row + nx, xl, xr, stack);
			if (threeD) {
				if (z > z0) pushRuns(out, row - plane, xl, xr, stack);
				if (z < z1) pushRuns(out, row + plane, xl, xr, stack);
			}
		}
	}

	private static void pushRuns(final byte[] out, final int row, final int xl, final int xr, final IntStack stack) {
		boolean inRun = false;
		for (int k = xl; k <= xr; k++) {
			if (out[row + k] == 0) {
				if (!inRun) stack.push(row + k);
				inRun = true;
			}
			else inRun = false;
		}
	}

	/** Growable stack of ints. */
	static final class IntStack {
		private int[] a = new int[1024];
		private int size;

		boolean isEmpty() {
			return size == 0;
		}

		void push(final int v) {
			if (size == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
			a[size++] = v;
		}

		int pop() {
			return a[--size];
		}
	}
}
