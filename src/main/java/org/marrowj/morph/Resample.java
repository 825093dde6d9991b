package org.marrowj.morph;

import java.util.Arrays;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Resampling between grids in world coordinates. A target voxel with index p lies at world
 * position {@code w = A_t p} (target {@link Geometry}), which is the continuous source index
 * {@code u = A_s^-1 w}; the composed 3x4 affine {@link #indexAffine(Geometry, Geometry)} is
 * computed once per call. Any orientation (oblique included) on either side.
 * <p>
 * Source extent: voxel i covers continuous indices [i - 0.5, i + 0.5] along each axis. Nearest
 * neighbour takes the voxel {@code floor(u + 0.5)} when {@code -0.5 <= u < n - 0.5} on every axis.
 * Trilinear interpolation weights the 8 voxel centres around u (clamped to the first/last centre
 * within the half voxel at the edge, i.e. edge values are extended by half a voxel) when
 * {@code -0.5 <= u <= n - 0.5} on every axis. Target voxels outside that extent get the fill value
 * and are marked in {@link Result#outside()}.
 * <p>
 * Results are ImgLib2 {@code ArrayImg}s (FloatType or IntType, flat index x + nx*(y + ny*z)) on
 * the target geometry. Work is parallel over target z slices ({@link Parallel}).
 */
public final class Resample {

	private Resample() {}

	/** A resampled volume and the target voxels that fell outside the source. */
	public static final class Result<T extends RealType<T> & NativeType<T>> {
		private final Volume<T> volume;
		private final Mask outside;
		private final long outsideCount;

		Result(final Volume<T> volume, final Mask outside) {
			this.volume = volume;
			this.outside = outside;
			this.outsideCount = outside.count();
		}

		/** The resampled values on the target geometry. */
		public Volume<T> volume() {
			return volume;
		}

		/** 1 where the target voxel centre lies outside the source extent (its value is the fill). */
		public Mask outside() {
			return outside;
		}

		/** Number of target voxels outside the source. */
		public long outsideCount() {
			return outsideCount;
		}
	}

	/**
	 * Row-major 3x4 affine from target voxel index to continuous source voxel index:
	 * {@code diag(1/s_s) D_s^-1 [D_t diag(s_t) | o_t - o_s]}.
	 */
	public static double[] indexAffine(final Geometry target, final Geometry source) {
		final double[] inv = source.inverse();
		final double[] ss = source.spacing(), st = target.spacing(), os = source.origin(), ot = target.origin();
		final double[] dt = target.direction();
		final double[] m = new double[12];
		for (int r = 0; r < 3; r++) {
			for (int c = 0; c < 3; c++) {
				double v = 0;
				for (int k = 0; k < 3; k++)
					v += inv[3 * r + k] * dt[3 * k + c];
				m[4 * r + c] = v * st[c] / ss[r];
			}
			double t = 0;
			for (int k = 0; k < 3; k++)
				t += inv[3 * r + k] * (ot[k] - os[k]);
			m[4 * r + 3] = t / ss[r];
		}
		return m;
	}

	/**
	 * Trilinear interpolation of {@code source} on the target grid; target voxels outside the
	 * source extent get {@code fill} (e.g. NaN). For intensities.
	 */
	public static <T extends RealType<T> & NativeType<T>> Result<FloatType> linear(final Volume<T> source, final Geometry target,
		final int[] dims, final float fill)
	{
		return sampleFloat(source, target, dims, fill, true);
	}

	/** Nearest-neighbour sampling of {@code source} as float values; outside voxels get {@code fill}. */
	public static <T extends RealType<T> & NativeType<T>> Result<FloatType> nearest(final Volume<T> source, final Geometry target,
		final int[] dims, final float fill)
	{
		return sampleFloat(source, target, dims, fill, false);
	}

	/**
	 * Nearest-neighbour sampling of a label volume (values rounded to int); outside voxels get
	 * {@code outsideLabel}. The result's value unit is {@link Volume#LABEL}.
	 */
	public static <T extends RealType<T> & NativeType<T>> Result<IntType> nearestLabels(final Volume<T> labels,
		final Geometry target, final int[] dims, final int outsideLabel)
	{
		final int nx = dims(dims)[0], ny = dims[1], nz = dims[2];
		final double[] m = indexAffine(target, labels.geometry());
		final RandomAccessibleInterval<T> img = labels.image();
		final long[] min = img.minAsLongArray(), size = img.dimensionsAsLongArray();
		final int[] out = new int[nx * ny * nz];
		final Mask outside = new Mask(nx, ny, nz);
		final byte[] o = outside.data();
		Parallel.forBlocks(nz, 1, (from, to) -> {
			final RandomAccess<T> ra = img.randomAccess();
			final long[] pos = new long[3];
			for (int z = from; z < to; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						final int i = x + nx * (y + ny * z);
						if (!nearestIndex(m, x, y, z, size, pos)) {
							out[i] = outsideLabel;
							o[i] = 1;
							continue;
						}
						for (int d = 0; d < 3; d++)
							pos[d] += min[d];
						ra.setPosition(pos);
						out[i] = (int) Math.round(ra.get().getRealDouble());
					}
		});
		final Volume<IntType> v = new Volume<>(ArrayImgs.ints(out, nx, ny, nz), target, Volume.LABEL, labels.modality(),
			labels.properties());
		return new Result<>(v, outside);
	}

	/**
	 * Nearest-neighbour carriage of a mask on {@code maskGeometry} to the target grid (target voxels
	 * outside the mask's grid are outside the mask).
	 */
	public static Mask nearest(final Mask mask, final Geometry maskGeometry, final Geometry target, final int[] dims) {
		final int nx = dims(dims)[0], ny = dims[1], nz = dims[2];
		final double[] m = indexAffine(target, maskGeometry);
		final long[] size = { mask.nx(), mask.ny(), mask.nz() };
		final int mx = mask.nx(), my = mask.ny();
		final byte[] src = mask.data();
		final Mask out = new Mask(nx, ny, nz);
		final byte[] o = out.data();
		Parallel.forBlocks(nz, 1, (from, to) -> {
			final long[] pos = new long[3];
			for (int z = from; z < to; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++)
						if (nearestIndex(m, x, y, z, size, pos)) o[x + nx * (y + ny * z)] = src[(int) (pos[0] + mx * (pos[1] + my * pos[2]))];
		});
		return out;
	}

	/** Default number of supersampling points per axis of {@link #fraction}. */
	public static final int DEFAULT_SUPERSAMPLING = 4;

	/** {@link #fraction(Mask, Geometry, Geometry, int[], int)} with {@link #DEFAULT_SUPERSAMPLING} points per axis. */
	public static Volume<FloatType> fraction(final Mask mask, final Geometry maskGeometry, final Geometry target, final int[] dims) {
		return fraction(mask, maskGeometry, target, dims, DEFAULT_SUPERSAMPLING);
	}

	/**
	 * Fraction of each target voxel inside {@code mask} (on {@code maskGeometry}), by supersampling:
	 * {@code n x n x n} points at target index offsets {@code (a + 0.5)/n - 0.5}, a = 0..n-1, on each
	 * axis, each taking the nearest mask voxel (points outside the mask's grid count as outside);
	 * fraction = points inside / n^3. Exact (equal to the overlap volume fraction) when the target
	 * grid is axis-aligned with the mask grid, each target voxel covers whole mask voxels (integer
	 * ratio r per axis, aligned edges) and n is a multiple of every r. Values in [0, 1], FloatType.
	 */
	public static Volume<FloatType> fraction(final Mask mask, final Geometry maskGeometry, final Geometry target, final int[] dims,
		final int n)
	{
		if (n < 1 || n > 64) throw new BadInputException("n", "supersampling points per axis must be 1..64, got " + n);
		final int nx = dims(dims)[0], ny = dims[1], nz = dims[2];
		final float[] out = new float[nx * ny * nz];
		final Volume<FloatType> result = new Volume<>(ArrayImgs.floats(out, nx, ny, nz), target, "fraction");
		final int[] box = Morph.boundingBox(mask);
		if (box == null) return result;
		final double[] m = indexAffine(target, maskGeometry);
		final int mx = mask.nx(), my = mask.ny();
		final byte[] src = mask.data();
		// offsets of the sub-points in source index units, and the half-extent of the footprint
		final int n3 = n * n * n;
		final double[] off = new double[3 * n3];
		final double[] reach = new double[3];
		int k = 0;
		for (int c = 0; c < n; c++)
			for (int b = 0; b < n; b++)
				for (int a = 0; a < n; a++, k++) {
					final double ox = (a + 0.5) / n - 0.5, oy = (b + 0.5) / n - 0.5, oz = (c + 0.5) / n - 0.5;
					for (int r = 0; r < 3; r++) {
						off[3 * k + r] = m[4 * r] * ox + m[4 * r + 1] * oy + m[4 * r + 2] * oz;
						reach[r] = Math.max(reach[r], Math.abs(off[3 * k + r]));
					}
				}
		final float inv = 1f / n3;
		Parallel.forBlocks(nz, 1, (from, to) -> {
			for (int z = from; z < to; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						final double ux = m[0] * x + m[1] * y + m[2] * z + m[3];
						final double uy = m[4] * x + m[5] * y + m[6] * z + m[7];
						final double uz = m[8] * x + m[9] * y + m[10] * z + m[11];
						// skip voxels whose footprint misses the mask's bounding box
						if (ux + reach[0] < box[0] - 0.5 || ux - reach[0] >= box[3] - 0.5 || uy + reach[1] < box[1] - 0.5 ||
							uy - reach[1] >= box[4] - 0.5 || uz + reach[2] < box[2] - 0.5 || uz - reach[2] >= box[5] - 0.5) continue;
						int count = 0;
						for (int s = 0; s < n3; s++) {
							final long ix = (long) Math.floor(ux + off[3 * s] + 0.5);
							final long iy = (long) Math.floor(uy + off[3 * s + 1] + 0.5);
							final long iz = (long) Math.floor(uz + off[3 * s + 2] + 0.5);
							if (ix < box[0] || iy < box[1] || iz < box[2] || ix >= box[3] || iy >= box[4] || iz >= box[5]) continue;
							count += src[(int) (ix + mx * (iy + my * iz))];
						}
						out[x + nx * (y + ny * z)] = count * inv;
					}
		});
		return result;
	}

	/**
	 * Fraction of each target voxel in region {@code label} of a label volume: as
	 * {@link #fraction(Mask, Geometry, Geometry, int[], int)}, a sub-point being inside when the
	 * nearest label voxel's value (rounded) equals {@code label}. The region is first marked in a
	 * byte mask of the label grid (one byte per label voxel).
	 */
	public static <T extends RealType<T> & NativeType<T>> Volume<FloatType> labelFraction(final Volume<T> labels, final int label,
		final Geometry target, final int[] dims, final int n)
	{
		final RandomAccessibleInterval<T> img = labels.image();
		final int sx = (int) img.dimension(0), sy = (int) img.dimension(1), sz = (int) img.dimension(2);
		final Mask region = new Mask(sx, sy, sz);
		final byte[] r = region.data();
		final long[] min = img.minAsLongArray();
		Parallel.forBlocks(sz, 1, (from, to) -> {
			final RandomAccess<T> ra = img.randomAccess();
			for (int z = from; z < to; z++)
				for (int y = 0; y < sy; y++) {
					ra.setPosition(new long[] { min[0], min[1] + y, min[2] + z });
					for (int x = 0; x < sx; x++) {
						if (Math.round(ra.get().getRealDouble()) == label) r[x + sx * (y + sy * z)] = 1;
						ra.fwd(0);
					}
				}
		});
		return fraction(region, labels.geometry(), target, dims, n);
	}

	/** Nearest source voxel of target voxel (x,y,z) into pos; false when outside the source extent. */
	private static boolean nearestIndex(final double[] m, final int x, final int y, final int z, final long[] size, final long[] pos) {
		for (int r = 0; r < 3; r++) {
			final double u = m[4 * r] * x + m[4 * r + 1] * y + m[4 * r + 2] * z + m[4 * r + 3];
			if (!(u >= -0.5 && u < size[r] - 0.5)) return false;
			long i = (long) Math.floor(u + 0.5);
			if (i >= size[r]) i = size[r] - 1; // u just below n - 0.5 rounding up
			pos[r] = i;
		}
		return true;
	}

	private static <T extends RealType<T> & NativeType<T>> Result<FloatType> sampleFloat(final Volume<T> source,
		final Geometry target, final int[] dims, final float fill, final boolean linear)
	{
		final int nx = dims(dims)[0], ny = dims[1], nz = dims[2];
		final double[] m = indexAffine(target, source.geometry());
		final RandomAccessibleInterval<T> img = source.image();
		final long[] min = img.minAsLongArray(), size = img.dimensionsAsLongArray();
		final float[] out = new float[nx * ny * nz];
		final Mask outside = new Mask(nx, ny, nz);
		final byte[] o = outside.data();
		Parallel.forBlocks(nz, 1, (from, to) -> {
			final RandomAccess<T> ra = img.randomAccess();
			final long[] pos = new long[3];
			final long[] i0 = new long[3], i1 = new long[3];
			final double[] t = new double[3];
			for (int z = from; z < to; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						final int i = x + nx * (y + ny * z);
						if (!linear) {
							if (!nearestIndex(m, x, y, z, size, pos)) {
								out[i] = fill;
								o[i] = 1;
								continue;
							}
							for (int d = 0; d < 3; d++)
								pos[d] += min[d];
							ra.setPosition(pos);
							out[i] = ra.get().getRealFloat();
							continue;
						}
						boolean in = true;
						for (int r = 0; r < 3 && in; r++) {
							double u = m[4 * r] * x + m[4 * r + 1] * y + m[4 * r + 2] * z + m[4 * r + 3];
							final long n = size[r];
							if (!(u >= -0.5 && u <= n - 0.5)) {
								in = false;
								break;
							}
							if (u < 0) u = 0;
							if (u > n - 1) u = n - 1;
							long a = (long) Math.floor(u);
							if (a > n - 2) a = Math.max(0, n - 2);
							i0[r] = a + min[r];
							i1[r] = Math.min(a + 1, n - 1) + min[r];
							t[r] = u - a;
						}
						if (!in) {
							out[i] = fill;
							o[i] = 1;
							continue;
						}
						out[i] = (float) trilinear(ra, i0, i1, t, pos);
					}
		});
		final Volume<FloatType> v = new Volume<>(ArrayImgs.floats(out, nx, ny, nz), target, source.valueUnit(), source.modality(),
			source.properties());
		return new Result<>(v, outside);
	}

	private static <T extends RealType<T>> double trilinear(final RandomAccess<T> ra, final long[] i0, final long[] i1,
		final double[] t, final long[] pos)
	{
		double sum = 0;
		for (int c = 0; c < 8; c++) {
			double w = 1;
			for (int r = 0; r < 3; r++) {
				final boolean hi = ((c >> r) & 1) != 0;
				pos[r] = hi ? i1[r] : i0[r];
				w *= hi ? t[r] : 1 - t[r];
			}
			if (w == 0) continue;
			ra.setPosition(pos);
			sum += w * ra.get().getRealDouble();
		}
		return sum;
	}

	private static int[] dims(final int[] dims) {
		if (dims == null || dims.length != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1 ||
			(long) dims[0] * dims[1] * dims[2] > Integer.MAX_VALUE - 8)
			throw new BadInputException("dims", "target needs 3 sizes >= 1 with fewer than 2^31 voxels, got " + Arrays.toString(dims));
		return dims;
	}
}
