package org.marrowj.marrow;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** Reads image rows (x runs) of any RealType image into a double buffer. */
final class Rows<T extends RealType<T>> {

	private final RandomAccess<T> ra;
	private final long mx, my, mz;

	/** @param img 3D image; voxel index (x,y,z) is read at img.min + (x,y,z) */
	Rows(final RandomAccessibleInterval<T> img) {
		ra = img.randomAccess();
		mx = img.min(0);
		my = img.min(1);
		mz = img.min(2);
	}

	/** Reads voxels x0..x0+n-1 of row (y, z) into buf[0..n-1]. */
	void read(final int x0, final int y, final int z, final int n, final double[] buf) {
		ra.setPosition(mx + x0, 0);
		ra.setPosition(my + y, 1);
		ra.setPosition(mz + z, 2);
		for (int i = 0; i < n; i++) {
			buf[i] = ra.get().getRealDouble();
			ra.fwd(0);
		}
	}

	double get(final long x, final long y, final long z) {
		ra.setPosition(mx + x, 0);
		ra.setPosition(my + y, 1);
		ra.setPosition(mz + z, 2);
		return ra.get().getRealDouble();
	}
}
