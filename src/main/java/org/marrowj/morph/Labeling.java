package org.marrowj.morph;

/**
 * Connected-component labelling by union-find over voxel indices, in parallel over z slabs.
 * <p>
 * Every slab (a range of z slices) is scanned in flat index order, each foreground voxel joined
 * with its already-scanned neighbours inside the slab; then the slabs are joined across their
 * boundary planes. The union always makes the smaller index the root, so each component's root
 * is its first voxel in flat index order, whatever the slab split: components are numbered 1..count
 * in the order of their first voxel, identically for any number of threads. Linear time up to the
 * inverse-Ackermann-like factor of union-find with path halving.
 */
final class Labeling {

	private Labeling() {}

	/** Backward neighbour offsets {dx, dy, dz} (flat offset &lt; 0) of a connectivity. */
	static int[][] backwardNeighbours(final int connectivity) {
		final int maxNonZero = connectivity == 6 ? 1 : connectivity == 18 ? 2 : 3;
		final java.util.List<int[]> list = new java.util.ArrayList<>();
		for (int dz = -1; dz <= 0; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					final boolean backward = dz < 0 || (dy < 0) || (dy == 0 && dx < 0);
					if (dz == 0 && !backward) continue;
					if (dz == 0 && dy > 0) continue;
					final int nonZero = (dx != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) + (dz != 0 ? 1 : 0);
					if (nonZero == 0 || nonZero > maxNonZero) continue;
					list.add(new int[] { dx, dy, dz });
				}
		return list.toArray(new int[0][]);
	}

	/**
	 * Backward neighbours not adjacent to the left neighbour (-1, 0, 0): when the left neighbour is
	 * foreground, every other backward neighbour adjacent to it is already joined with it.
	 */
	static int[][] notCoveredByLeft(final int connectivity) {
		final int maxNonZero = connectivity == 6 ? 1 : connectivity == 18 ? 2 : 3;
		final java.util.List<int[]> list = new java.util.ArrayList<>();
		for (final int[] o : backwardNeighbours(connectivity)) {
			if (o[0] == -1 && o[1] == 0 && o[2] == 0) continue;
			final int dx = o[0] + 1;
			final int nonZero = (dx != 0 ? 1 : 0) + (o[1] != 0 ? 1 : 0) + (o[2] != 0 ? 1 : 0);
			if (Math.abs(dx) <= 1 && nonZero <= maxNonZero) continue; // adjacent to the left neighbour
			list.add(o);
		}
		return list.toArray(new int[0][]);
	}

	/*
	 * Work array p: 0 = background; v > 0 = parent index v - 1 (during union-find, then the root);
	 * v < 0 = -(label) on roots while labels are assigned.
	 */

	static Components label(final Mask m, final int connectivity) {
		final int nx = m.nx(), ny = m.ny(), nz = m.nz();
		final byte[] d = m.data();
		final int[] p = new int[d.length];
		final int[][] nb = backwardNeighbours(connectivity);
		final int[][] afterLeft = notCoveredByLeft(connectivity);
		final int slabs = Math.min(nz, Parallel.threads());
		final int[] zs = new int[slabs + 1];
		for (int s = 0; s <= slabs; s++)
			zs[s] = (int) ((long) s * nz / slabs);
		final int plane = nx * ny;

		// 1. union-find inside each slab
		Parallel.forEach(slabs, s -> {
			final int z0 = zs[s], z1 = zs[s + 1];
			for (int z = z0; z < z1; z++)
				for (int y = 0; y < ny; y++) {
					final int row = nx * (y + ny * z);
					for (int x = 0; x < nx; x++) {
						final int i = row + x;
						if (d[i] == 0) continue;
						if (x > 0 && d[i - 1] != 0) {
							p[i] = find(p, i - 1) + 1;
							join(d, p, afterLeft, nx, ny, x, y, z, z0, i, plane);
						}
						else {
							p[i] = i + 1;
							join(d, p, nb, nx, ny, x, y, z, z0, i, plane);
						}
					}
				}
		});
		// 2. join across slab boundaries (planes z = zs[s], neighbours in z - 1)
		for (int s = 1; s < slabs; s++) {
			final int z = zs[s];
			for (int y = 0; y < ny; y++) {
				final int row = nx * (y + ny * z);
				for (int x = 0; x < nx; x++) {
					final int i = row + x;
					if (d[i] == 0) continue;
					for (final int[] o : nb) {
						if (o[2] == 0) continue;
						final int xx = x + o[0], yy = y + o[1];
						if (xx < 0 || xx >= nx || yy < 0 || yy >= ny) continue;
						final int j = i + o[0] + nx * o[1] - plane;
						if (d[j] != 0) union(p, i, j);
					}
				}
			}
		}
		// 3. every voxel points at its root (parents have smaller indices, so one ordered pass);
		// count the roots of each slab
		final int[] roots = new int[slabs];
		Parallel.forEach(slabs, s -> {
			final int from = zs[s] * plane, to = zs[s + 1] * plane;
			int count = 0;
			for (int i = from; i < to; i++) {
				final int v = p[i];
				if (v == 0) continue;
				final int parent = v - 1;
				if (parent == i) {
					count++;
					continue;
				}
				int r = parent;
				while (p[r] - 1 != r)
					r = p[r] - 1;
				p[i] = r + 1;
			}
			roots[s] = count;
		});
		final int[] offset = new int[slabs + 1];
		for (int s = 0; s < slabs; s++)
			offset[s + 1] = offset[s] + roots[s];
		final int count = offset[slabs];
		// 4. roots get -(label), numbered in flat order
		Parallel.forEach(slabs, s -> {
			final int from = zs[s] * plane, to = zs[s + 1] * plane;
			int label = offset[s];
			for (int i = from; i < to; i++)
				if (p[i] == i + 1) p[i] = -(++label);
		});
		// 5. other voxels take their root's label
		Parallel.forEach(slabs, s -> {
			final int from = zs[s] * plane, to = zs[s + 1] * plane;
			for (int i = from; i < to; i++) {
				final int v = p[i];
				if (v > 0) p[i] = -p[v - 1];
			}
		});
		// 6. roots positive; sizes
		final long[] sizes = new long[count + 1];
		for (int i = 0; i < p.length; i++) {
			int v = p[i];
			if (v == 0) continue;
			if (v < 0) {
				v = -v;
				p[i] = v;
			}
			sizes[v]++;
		}
		sizes[0] = d.length - sumFrom1(sizes);
		return new Components(nx, ny, nz, p, sizes);
	}

	private static long sumFrom1(final long[] a) {
		long s = 0;
		for (int i = 1; i < a.length; i++)
			s += a[i];
		return s;
	}

	private static void join(final byte[] d, final int[] p, final int[][] nb, final int nx, final int ny, final int x, final int y,
		final int z, final int z0, final int i, final int plane)
	{
		for (final int[] o : nb) {
			final int xx = x + o[0], yy = y + o[1], zz = z + o[2];
			if (xx < 0 || xx >= nx || yy < 0 || yy >= ny || zz < z0) continue;
			final int j = i + o[0] + nx * o[1] + plane * o[2];
			if (d[j] != 0) union(p, i, j);
		}
	}

	/** Root of i, halving the path on the way. */
	private static int find(final int[] p, int i) {
		while (true) {
			final int q = p[i] - 1;
			if (q == i) return i;
			final int g = p[q] - 1;
			p[i] = g + 1;
			i = g;
		}
	}

	private static void union(final int[] p, final int a, final int b) {
		final int ra = find(p, a), rb = find(p, b);
		if (ra == rb) return;
		if (ra < rb) p[rb] = ra + 1;
		else p[ra] = rb + 1;
	}
}
