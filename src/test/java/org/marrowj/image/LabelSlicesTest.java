package org.marrowj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

class LabelSlicesTest {

	/** Every storage (planar/array, 8/16/32-bit, signed/unsigned, float, a view) gives the values a cursor reads. */
	@Test
	void fastPathsEqualTheCursor() {
		final long[] d = { 7, 5, 4 };
		final Random rnd = new Random(5);
		final Img<?>[] imgs = { PlanarImgs.unsignedBytes(d), ArrayImgs.unsignedBytes(d), PlanarImgs.bytes(d), PlanarImgs.unsignedShorts(d),
			ArrayImgs.shorts(d), PlanarImgs.ints(d), ArrayImgs.ints(d), PlanarImgs.floats(d) };
		for (final Img<?> img : imgs) {
			for (final Object t : img)
				((RealType<?>) t).setReal(((RealType<?>) t).getMinValue() < 0 ? rnd.nextInt(200) - 100 : rnd.nextInt(250));
			check(img);
			check(Views.interval(img, new long[] { 0, 0, 0 }, new long[] { 6, 4, 3 })); // a view: cursor path
		}
	}

	@SuppressWarnings("unchecked")
	private static void check(final RandomAccessibleInterval<?> img) {
		final RandomAccessibleInterval<? extends RealType<?>> r = (RandomAccessibleInterval<? extends RealType<?>>) img;
		final int n = (int) (img.dimension(0) * img.dimension(1));
		for (int z = 0; z < img.dimension(2); z++) {
			final int[] fast = new int[n], ref = new int[n];
			LabelSlices.read(r, z, fast);
			final Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(r, 2, z)).cursor();
			for (int i = 0; i < n; i++)
				ref[i] = (int) Math.round(c.next().getRealDouble());
			assertArrayEquals(ref, fast, img.getClass().getSimpleName() + " " + img.getType().getClass().getSimpleName() + " z=" + z);
		}
	}
}
