package org.marrowj.phantom;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.marrowj.image.Geometry;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Samples an {@link Anatomy} at voxel centres and renders tissue values plus seeded Gaussian noise.
 * <p>
 * Tissue of voxel i = anatomy at world = geometry.indexToWorld(i), the world point rounded to
 * 1e-6 mm (so that storages of the same grid with flipped or exchanged axes, whose world points
 * differ only by floating-point rounding, decide identically). Value = value[tissue] + sd * g,
 * g standard normal from a {@link SplittableRandom} seeded per stored slice with
 * {@link #sliceSeed(long, int)}; optionally the noise term is rounded to the nearest integer (so
 * integer tissue values give integer voxels, and the noise-free values stay exact). Slices are rendered in
 * parallel; the result does not depend on the number of threads.
 */
final class Raster {

	final PlanarImg<UnsignedByteType, ByteArray> tissues;
	final PlanarImg<FloatType, FloatArray> values;

	private Raster(final PlanarImg<UnsignedByteType, ByteArray> tissues, final PlanarImg<FloatType, FloatArray> values) {
		this.tissues = tissues;
		this.values = values;
	}

	static double snap(final double v) {
		return Math.rint(v * 1e6) / 1e6;
	}

	/** SplitMix64 finaliser of seed and slice index: independent streams per slice. */
	static long sliceSeed(final long seed, final int slice) {
		long z = seed + 0x9E3779B97F4A7C15L * (slice + 1L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** Standard normal deviates by Marsaglia's polar method. */
	static final class Gaussian {

		private final SplittableRandom random;
		private double spare;
		private boolean hasSpare;

		Gaussian(final long seed) {
			random = new SplittableRandom(seed);
		}

		double next() {
			if (hasSpare) {
				hasSpare = false;
				return spare;
			}
			double u, v, s;
			do {
				u = 2 * random.nextDouble() - 1;
				v = 2 * random.nextDouble() - 1;
				s = u * u + v * v;
			}
			while (s >= 1 || s == 0);
			final double m = Math.sqrt(-2 * Math.log(s) / s);
			spare = v * m;
			hasSpare = true;
			return u * m;
		}
	}

	/** Tissue map only. */
	static PlanarImg<UnsignedByteType, ByteArray> tissues(final Geometry g, final int[] dims, final Anatomy anatomy) {
		final PlanarImg<UnsignedByteType, ByteArray> t = PlanarImgs.unsignedBytes(dims[0], dims[1], dims[2]);
		IntStream.range(0, dims[2]).parallel().forEach(z -> fillSlice(g, dims, anatomy, z, t.getPlane(z).getCurrentStorageArray()));
		return t;
	}

	/**
	 * Renders the tissue map and the image.
	 *
	 * @param value value per tissue id
	 */
	static Raster render(final Geometry g, final int[] dims, final Anatomy anatomy, final float[] value, final double noiseSd,
		final long seed, final boolean round)
	{
		final PlanarImg<UnsignedByteType, ByteArray> t = PlanarImgs.unsignedBytes(dims[0], dims[1], dims[2]);
		final PlanarImg<FloatType, FloatArray> v = PlanarImgs.floats(dims[0], dims[1], dims[2]);
		IntStream.range(0, dims[2]).parallel().forEach(z -> {
			final byte[] ts = t.getPlane(z).getCurrentStorageArray();
			fillSlice(g, dims, anatomy, z, ts);
			final float[] vs = v.getPlane(z).getCurrentStorageArray();
			final Gaussian gauss = noiseSd > 0 ? new Gaussian(sliceSeed(seed, z)) : null;
			for (int i = 0; i < vs.length; i++) {
				final double noise = gauss == null ? 0 : noiseSd * gauss.next();
				vs[i] = (float) (value[ts[i] & 0xff] + (round ? Math.rint(noise) : noise));
			}
		});
		return new Raster(t, v);
	}

	private static void fillSlice(final Geometry g, final int[] dims, final Anatomy anatomy, final int z, final byte[] out) {
		final boolean planar = g.direction(2, 0) == 0 && g.direction(2, 1) == 0;
		final double[] w = new double[3];
		g.indexToWorld(0, 0, z, w);
		final Anatomy.Section fixed = planar ? anatomy.at(snap(w[2])) : null;
		int i = 0;
		for (int y = 0; y < dims[1]; y++)
			for (int x = 0; x < dims[0]; x++, i++) {
				g.indexToWorld(x, y, z, w);
				final Anatomy.Section s = planar ? fixed : anatomy.at(snap(w[2]));
				out[i] = (byte) s.tissue(snap(w[0]), snap(w[1]));
			}
	}
}
