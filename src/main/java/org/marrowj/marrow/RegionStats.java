package org.marrowj.marrow;

import java.util.Arrays;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Parallel;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Radiodensity statistics of a region, computed exactly from all its voxel values v_1..v_n (read
 * once over the region's bounding box, in parallel over z slices, then sorted):
 * <ul>
 * <li>voxels = n; volume_ml = n x voxel volume (mm^3) / 1000;</li>
 * <li>hu_mean = (1/n) sum v_i (summed per slice, then over slices in z order, so the result does
 * not depend on the number of threads);</li>
 * <li>hu_sd = sqrt(sum (v_i - mean)^2 / (n - 1)), the sample standard deviation (two-pass); NaN
 * when n = 1, where it is undefined;</li>
 * <li>percentile p (hu_p05: p = 0.05, hu_median: 0.5, hu_p95: 0.95) with linear interpolation
 * between order statistics (Hyndman and Fan 1996 definition 7, R's default type 7): with the
 * values sorted x_0 &lt;= ... &lt;= x_{n-1}, h = (n - 1) p, Q(p) = x_floor(h) + (h - floor(h))
 * (x_floor(h)+1 - x_floor(h)).</li>
 * </ul>
 */
public final class RegionStats {

	private RegionStats() {}

	/** Statistics of {@code region} over the CT {@code ct} (the region must lie on the CT's grid). */
	public static <T extends RealType<T> & NativeType<T>> RegionStatistics compute(final Volume<T> ct, final MarrowRegion region) {
		final long[] dims = ct.dimensions();
		final long[] grid = region.gridSize();
		if (dims[0] != grid[0] || dims[1] != grid[1] || dims[2] != grid[2] || !ct.geometry().sameGrid(region.geometry(), 1e-3))
			throw new BadInputException("region " + region.name(), "was segmented on another grid than this image (" +
				grid[0] + "x" + grid[1] + "x" + grid[2] + " vs " + dims[0] + "x" + dims[1] + "x" + dims[2] + ")");
		return compute(ct.image(), region.mask(), region.offset(), ct.geometry().voxelVolume_mm3(), region.name());
	}

	/**
	 * Statistics of the voxels of {@code img} where {@code mask} (placed with its voxel (0,0,0) at
	 * image voxel {@code offset}) is set.
	 *
	 * @param voxelVolume_mm3 volume of one voxel
	 * @param name region name for error messages
	 */
	public static <T extends RealType<T>> RegionStatistics compute(final RandomAccessibleInterval<T> img, final Mask mask,
		final long[] offset, final double voxelVolume_mm3, final String name)
	{
		final int nx = mask.nx(), ny = mask.ny(), nz = mask.nz();
		for (int d = 0; d < 3; d++) {
			final long size = d == 0 ? nx : d == 1 ? ny : nz;
			if (offset[d] < 0 || offset[d] + size > img.dimension(d))
				throw new BadInputException("region " + name, "its box reaches outside the image along axis " + d);
		}
		final byte[] m = mask.data();
		// voxels per slice, then each slice writes its values at its own offset
		final int[] start = new int[nz + 1];
		for (int z = 0; z < nz; z++) {
			int c = 0;
			final int base = nx * ny * z;
			for (int i = 0; i < nx * ny; i++)
				c += m[base + i];
			start[z + 1] = start[z] + c;
		}
		final int n = start[nz];
		if (n == 0) throw new BadInputException("region " + name, "is empty: no voxel to measure");
		final double[] values = new double[n];
		final double[] sliceSum = new double[nz];
		Parallel.forEach(nz, z -> {
			if (start[z + 1] == start[z]) return;
			final Rows<T> rows = new Rows<>(img);
			final double[] buf = new double[nx];
			int k = start[z];
			double s = 0;
			for (int y = 0; y < ny; y++) {
				final int row = nx * (y + ny * z);
				int first = -1, last = -1;
				for (int x = 0; x < nx; x++)
					if (m[row + x] != 0) {
						if (first < 0) first = x;
						last = x;
					}
				if (first < 0) continue;
				rows.read((int) offset[0] + first, (int) offset[1] + y, (int) offset[2] + z, last - first + 1, buf);
				for (int x = first; x <= last; x++)
					if (m[row + x] != 0) {
						final double v = buf[x - first];
						values[k++] = v;
						s += v;
					}
			}
			sliceSum[z] = s;
		});
		return of(values, sliceSum, voxelVolume_mm3);
	}

	/** Statistics of the given values (the array is sorted in place). */
	public static RegionStatistics of(final double[] values, final double voxelVolume_mm3) {
		if (values.length == 0) throw new BadInputException("region", "is empty: no voxel to measure");
		double s = 0;
		for (final double v : values)
			s += v;
		return of(values, new double[] { s }, voxelVolume_mm3);
	}

	private static RegionStatistics of(final double[] values, final double[] partialSums, final double voxelVolume_mm3) {
		final int n = values.length;
		double sum = 0;
		for (final double p : partialSums)
			sum += p;
		final double mean = sum / n;
		double ss = 0;
		for (final double v : values) {
			final double d = v - mean;
			ss += d * d;
		}
		final double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
		if (n > 1 << 20) Arrays.parallelSort(values);
		else Arrays.sort(values);
		return new RegionStatistics(n, n * voxelVolume_mm3 / 1000.0, mean, sd, percentile(values, 0.5),
			percentile(values, 0.05), percentile(values, 0.95));
	}

	/**
	 * Percentile of sorted values, R type 7: h = (n-1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
	 *
	 * @param sorted values in ascending order (n &gt;= 1)
	 * @param p in [0, 1]
	 */
	public static double percentile(final double[] sorted, final double p) {
		if (sorted.length == 0) throw new IllegalArgumentException("no values");
		if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("percentile must be in [0,1]: " + p);
		final double h = (sorted.length - 1) * p;
		final int lo = (int) Math.floor(h);
		if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
		return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
	}
}
