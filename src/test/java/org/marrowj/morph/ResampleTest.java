package org.marrowj.morph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

class ResampleTest {

	@AfterEach
	void restoreThreads() {
		Parallel.setThreads(Runtime.getRuntime().availableProcessors());
	}

	/** Rotation by angle about a unit axis (Rodrigues), row-major. */
	static double[] rotation(final double[] axis, final double angle) {
		final double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
		final double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n, c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
		return new double[] { t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c,
			t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c };
	}

	private static float[] data(final Volume<FloatType> v) {
		return ((ArrayImg<FloatType, FloatArray>) v.image()).update(null).getCurrentStorageArray();
	}

	@Test
	void identityGeometryGivesIdenticalValues() {
		final Random r = new Random(41);
		final Geometry g = new Geometry(new double[] { 0.7, 1.3, 2.9 }, new double[] { -12.5, 40, 7 },
			rotation(new double[] { 1, 2, 3 }, 0.4));
		final float[] src = new float[13 * 11 * 7];
		for (int i = 0; i < src.length; i++)
			src[i] = (float) (r.nextGaussian() * 100);
		final Volume<FloatType> v = new Volume<>(ArrayImgs.floats(src, 13, 11, 7), g, Volume.HU);
		for (final boolean lin : new boolean[] { true, false }) {
			final Resample.Result<FloatType> res = lin ? Resample.linear(v, g, new int[] { 13, 11, 7 }, Float.NaN) : Resample.nearest(
				v, g, new int[] { 13, 11, 7 }, Float.NaN);
			assertEquals(0, res.outsideCount());
			assertArrayEquals(src, data(res.volume()));
			assertEquals(Volume.HU, res.volume().valueUnit());
			assertEquals(g, res.volume().geometry());
		}
	}

	/** f(world) = 3 + 0.5 x - 0.25 y + 0.75 z. */
	private static double f(final double[] w) {
		return 3 + 0.5 * w[0] - 0.25 * w[1] + 0.75 * w[2];
	}

	private static Volume<DoubleType> linearSource(final Geometry g, final int nx, final int ny, final int nz) {
		final ArrayImg<DoubleType, DoubleArray> img = ArrayImgs.doubles(nx, ny, nz);
		final Cursor<DoubleType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set(f(g.indexToWorld(c.getDoublePosition(0), c.getDoublePosition(1), c.getDoublePosition(2))));
		}
		return new Volume<>(img, g, Volume.HU);
	}

	@Test
	void trilinearReproducesLinearFunctionsOnShiftedRotatedObliqueTargets() {
		final Geometry src = new Geometry(new double[] { 0.9, 1.1, 2.0 }, new double[] { 5, -3, 10 },
			rotation(new double[] { 0.3, -1, 0.5 }, 0.35));
		final int sx = 24, sy = 20, sz = 14;
		final Volume<DoubleType> v = linearSource(src, sx, sy, sz);
		final double[] centre = src.indexToWorld(sx / 2.0, sy / 2.0, sz / 2.0);
		final Geometry[] targets = {
			// shifted by fractions of a voxel, same orientation
			new Geometry(src.spacing(), src.indexToWorld(0.37, -0.21, 0.55), src.direction()),
			// axis aligned, finer, around the centre
			Geometry.axisAligned(new double[] { 0.5, 0.6, 0.8 }, new double[] { centre[0] - 6, centre[1] - 7, centre[2] - 9 }),
			// oblique about another axis, larger than the source in places
			new Geometry(new double[] { 1.7, 0.8, 1.25 }, new double[] { centre[0] - 12, centre[1] - 8, centre[2] - 14 },
				rotation(new double[] { 2, 1, -1 }, -0.6)) };
		final int[] dims = { 22, 25, 24 };
		int checked = 0, outside = 0;
		for (final Geometry t : targets) {
			final Resample.Result<FloatType> res = Resample.linear(v, t, dims, Float.NaN);
			final float[] out = data(res.volume());
			for (int z = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++) {
						final int i = x + dims[0] * (y + dims[1] * z);
						final double[] w = t.indexToWorld(x, y, z);
						final double[] u = src.worldToIndex(w);
						final boolean in = u[0] >= -0.5 && u[0] <= sx - 0.5 && u[1] >= -0.5 && u[1] <= sy - 0.5 && u[2] >= -0.5 &&
							u[2] <= sz - 0.5;
						assertEquals(in ? 0 : 1, res.outside().data()[i], "outside flag " + x + "," + y + "," + z);
						if (!in) {
							assertTrue(Float.isNaN(out[i]));
							outside++;
							continue;
						}
						final boolean interior = u[0] >= 0 && u[0] <= sx - 1 && u[1] >= 0 && u[1] <= sy - 1 && u[2] >= 0 && u[2] <= sz - 1;
						if (!interior) continue; // the half voxel at the edge holds the edge value
						assertEquals(f(w), out[i], 2e-5, "voxel " + x + "," + y + "," + z);
						checked++;
					}
		}
		assertTrue(checked > 10000 && outside > 1000, checked + " interior voxels checked, " + outside + " outside");
	}

	@Test
	void nearestLabelsTakeTheNearestVoxel() {
		final Random r = new Random(42);
		final int sx = 15, sy = 12, sz = 9;
		final int[] lab = new int[sx * sy * sz];
		for (int i = 0; i < lab.length; i++)
			lab[i] = r.nextInt(5);
		final Geometry src = new Geometry(new double[] { 0.7, 1.3, 2.9 }, new double[] { 1, 2, 3 }, rotation(new double[] { 0, 0, 1 },
			0.2));
		final Volume<IntType> v = new Volume<>(ArrayImgs.ints(lab, sx, sy, sz), src, Volume.LABEL);
		final Geometry t = new Geometry(new double[] { 0.45, 0.9, 1.7 }, new double[] { -2, 0, -1 }, rotation(new double[] { 1, 1, 0 },
			0.3));
		final int[] dims = { 30, 24, 20 };
		final Resample.Result<IntType> res = Resample.nearestLabels(v, t, dims, -1);
		final int[] out = ((ArrayImg<IntType, IntArray>) res.volume().image()).update(null).getCurrentStorageArray();
		int in = 0;
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final int i = x + dims[0] * (y + dims[1] * z);
					final double[] u = src.worldToIndex(t.indexToWorld(x, y, z));
					final long a = Math.round(u[0]), b = Math.round(u[1]), c = Math.round(u[2]);
					if (a < 0 || b < 0 || c < 0 || a >= sx || b >= sy || c >= sz) {
						assertEquals(-1, out[i]);
						assertEquals(1, res.outside().data()[i]);
						continue;
					}
					in++;
					assertEquals(lab[(int) (a + sx * (b + sy * c))], out[i]);
				}
		assertTrue(in > 1000 && res.outsideCount() > 1000);
		// the same through the mask path
		final Mask m = new Mask(sx, sy, sz);
		for (int i = 0; i < lab.length; i++)
			m.data()[i] = (byte) (lab[i] == 3 ? 1 : 0);
		final Mask carried = Resample.nearest(m, src, t, dims);
		for (int i = 0; i < out.length; i++)
			assertEquals(out[i] == 3 ? 1 : 0, carried.data()[i]);
	}

	@Test
	void fractionsOnA2xCoarserAlignedGridAreExactCounts() {
		final Random r = new Random(43);
		final int sx = 20, sy = 18, sz = 14;
		final int[] lab = new int[sx * sy * sz];
		for (int i = 0; i < lab.length; i++)
			lab[i] = r.nextInt(3);
		for (final double[] dir : new double[][] { { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, rotation(new double[] { 1, -2, 0.5 }, 0.7) }) {
			final double[] sp = { 0.7, 1.3, 2.9 };
			final Geometry src = new Geometry(sp, new double[] { -4, 7, 11 }, dir);
			final Volume<IntType> v = new Volume<>(ArrayImgs.ints(lab, sx, sy, sz), src, Volume.LABEL);
			// target voxel (i,j,k) covers source voxels 2i..2i+1, 2j..2j+1, 2k..2k+1
			final Geometry t = new Geometry(new double[] { 2 * sp[0], 2 * sp[1], 2 * sp[2] }, src.indexToWorld(0.5, 0.5, 0.5), dir);
			final int[] dims = { sx / 2, sy / 2, sz / 2 };
			for (final int n : new int[] { 2, 4, 6 }) {
				final float[] frac = data(Resample.labelFraction(v, 1, t, dims, n));
				for (int k = 0; k < dims[2]; k++)
					for (int j = 0; j < dims[1]; j++)
						for (int i = 0; i < dims[0]; i++) {
							int count = 0;
							for (int c = 0; c < 2; c++)
								for (int b = 0; b < 2; b++)
									for (int a = 0; a < 2; a++)
										if (lab[(2 * i + a) + sx * ((2 * j + b) + sy * (2 * k + c))] == 1) count++;
							assertEquals(count / 8f, frac[i + dims[0] * (j + dims[1] * k)], 0f, "n " + n);
						}
			}
		}
	}

	@Test
	void fractionOfAPartlyCoveredVoxel() {
		// mask of 1 mm voxels, x < 3 inside; a 4 mm target voxel centred at x = 1.5 covers x in [-0.5, 3.5]
		final Mask m = new Mask(10, 4, 4);
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 3; x++)
					m.set(x, y, z, true);
		final Geometry g = Geometry.ofSpacing(1, 1, 1);
		final Geometry t = Geometry.axisAligned(new double[] { 4, 4, 4 }, new double[] { 1.5, 1.5, 1.5 });
		final float[] frac = data(Resample.fraction(m, g, t, new int[] { 2, 1, 1 }));
		assertEquals(0.75f, frac[0], 0f);
		assertEquals(0f, frac[1], 0f);
		final float[] fine = data(Resample.fraction(m, g, t, new int[] { 2, 1, 1 }, 8));
		assertEquals(0.75f, fine[0], 0f);
	}

	@Test
	void sameResultForAnyNumberOfThreads() {
		final Geometry src = new Geometry(new double[] { 0.9, 1.1, 2.0 }, new double[] { 5, -3, 10 },
			rotation(new double[] { 0.3, -1, 0.5 }, 0.35));
		final Volume<DoubleType> v = linearSource(src, 24, 20, 14);
		final Geometry t = new Geometry(new double[] { 1.7, 0.8, 1.25 }, new double[] { 0, -5, 5 },
			rotation(new double[] { 2, 1, -1 }, -0.6));
		final Mask m = Masks.blobs(24, 20, 14, src.spacing(), 4, 0.05, 44);
		final int[] dims = { 19, 23, 17 };
		Parallel.setThreads(1);
		final float[] a = data(Resample.linear(v, t, dims, Float.NaN).volume());
		final float[] b = data(Resample.fraction(m, src, t, dims, 3));
		for (final int th : new int[] { 2, 5 }) {
			Parallel.setThreads(th);
			assertArrayEquals(a, data(Resample.linear(v, t, dims, Float.NaN).volume()));
			assertArrayEquals(b, data(Resample.fraction(m, src, t, dims, 3)));
		}
	}

	@Test
	void badParametersAreNamed() {
		final Geometry g = Geometry.ofSpacing(1, 1, 1);
		final Mask m = new Mask(2, 2, 2);
		assertTrue(assertThrows(BadInputException.class, () -> Resample.fraction(m, g, g, new int[] { 2, 2 }, 4)).getMessage()
			.startsWith("dims"));
		assertTrue(assertThrows(BadInputException.class, () -> Resample.fraction(m, g, g, new int[] { 2, 2, 2 }, 0)).getMessage()
			.startsWith("n"));
	}
}
