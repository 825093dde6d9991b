package org.marrowj.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Reads one z slice of a label image into an int array, the fast way when the image is a
 * {@link PlanarImg} or {@link ArrayImg} of 8-, 16- or 32-bit integers (straight from the primitive
 * arrays), through a cursor otherwise (values rounded to the nearest integer).
 */
public final class LabelSlices {

	private LabelSlices() {}

	/**
	 * Fills {@code out} (length at least nx*ny) with slice {@code z} (0-based, relative to the image's
	 * min), index x + nx*y.
	 */
	public static void read(final RandomAccessibleInterval<? extends RealType<?>> img, final int z, final int[] out) {
		final int nx = (int) img.dimension(0), n = nx * (int) img.dimension(1);
		final Object t = img.getType();
		Object array = null;
		int offset = 0;
		if (img instanceof PlanarImg && ((PlanarImg<?, ?>) img).numSlices() == img.dimension(2))
			array = ((ArrayDataAccess<?>) ((PlanarImg<?, ?>) img).getPlane(z)).getCurrentStorageArray();
		else if (img instanceof ArrayImg) {
			array = ((ArrayDataAccess<?>) ((ArrayImg<?, ?>) img).update(null)).getCurrentStorageArray();
			offset = z * n;
		}
		if (array instanceof byte[] && (t instanceof UnsignedByteType || t instanceof ByteType)) {
			final byte[] a = (byte[]) array;
			final boolean unsigned = t instanceof UnsignedByteType;
			for (int i = 0; i < n; i++)
				out[i] = unsigned ? a[offset + i] & 0xFF : a[offset + i];
			return;
		}
		if (array instanceof short[] && (t instanceof UnsignedShortType || t instanceof ShortType)) {
			final short[] a = (short[]) array;
			final boolean unsigned = t instanceof UnsignedShortType;
			for (int i = 0; i < n; i++)
				out[i] = unsigned ? a[offset + i] & 0xFFFF : a[offset + i];
			return;
		}
		if (array instanceof int[] && t instanceof IntType) {
			System.arraycopy(array, offset, out, 0, n);
			return;
		}
		final Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(img, 2, img.min(2) + z)).cursor();
		for (int i = 0; i < n; i++)
			out[i] = (int) Math.round(c.next().getRealDouble());
	}
}
