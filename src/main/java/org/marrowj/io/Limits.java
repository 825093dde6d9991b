package org.marrowj.io;

import java.util.Locale;

import org.marrowj.BadInputException;

/**
 * Memory limits checked before an image is allocated, so that a header announcing a huge image
 * gives a clear refusal instead of an OutOfMemoryError. The cap is the system property
 * {@value #MAX_VOXELS_PROPERTY} (a voxel count) when set, and otherwise what fits in 80% of the
 * heap not yet in use: {@code 0.8 x (Runtime.maxMemory() - used) / bytesPerVoxel}; without the
 * property, one plane (one array, one contiguous piece of the heap) may also take at most half of it.
 */
public final class Limits {

	private Limits() {}

	/** System property: the largest voxel count any reader allocates. */
	public static final String MAX_VOXELS_PROPERTY = "marrowj.maxVoxels";

	/** The largest plane (one Java array) a planar image can hold. */
	public static final long MAX_PLANE_VOXELS = Integer.MAX_VALUE - 8;

	/**
	 * Refuses to allocate {@code voxels} values of {@code bytesPerVoxel} bytes each when that exceeds
	 * the cap ({@link #maxVoxels(int)}).
	 *
	 * @param file the file (or folder) the image comes from, named in the message
	 * @throws BadInputException naming the file, the voxel count and the memory it would need
	 */
	public static void checkAllocation(final String file, final long voxels, final int bytesPerVoxel) {
		check(file, voxels + " voxels", voxels, bytesPerVoxel);
	}

	/**
	 * As {@link #checkAllocation(String, long, int)} for an image of the given dimensions (x, y, z,
	 * ...), also refusing a plane (x by y) larger than one Java array can hold.
	 */
	public static void checkAllocation(final String file, final long[] dims, final int bytesPerVoxel) {
		final StringBuilder sb = new StringBuilder();
		long voxels = 1;
		boolean overflow = false;
		for (int d = 0; d < dims.length; d++) {
			if (d > 0) sb.append('x');
			sb.append(dims[d]);
			if (dims[d] < 0) throw new BadInputException(file, "negative image dimension " + dims[d]);
			if (dims[d] != 0 && voxels > Long.MAX_VALUE / dims[d]) overflow = true;
			else voxels *= dims[d];
		}
		final String what = sb + " voxels";
		if (overflow) throw new BadInputException(file, "image of " + what + " is impossibly large (header damaged?)");
		final long plane = dims.length >= 2 ? dims[0] * dims[1] : voxels;
		if (plane > MAX_PLANE_VOXELS)
			throw new BadInputException(file, "image of " + what + ": one plane of " + plane + " voxels exceeds the " + MAX_PLANE_VOXELS +
				" a Java array holds (header damaged?)");
		check(file, what + " (" + voxels + " voxels)", voxels, bytesPerVoxel);
		if (System.getProperty(MAX_VOXELS_PROPERTY) == null) {
			// one plane is one array, which needs one contiguous piece of the heap
			final long planeBytes = plane * bytesPerVoxel, available = available();
			if (planeBytes > available / 2)
				throw new BadInputException(file, "image of " + what + ": one plane of " + bytes(planeBytes) + " is more than half of the " +
					bytes(available) + " of free Java heap, the most one array may take (raise it with -Xmx, or crop the image)");
		}
	}

	private static void check(final String file, final String what, final long voxels, final int bytesPerVoxel) {
		if (voxels < 0) throw new BadInputException(file, "negative voxel count " + voxels);
		if (bytesPerVoxel <= 0) throw new IllegalArgumentException("bytesPerVoxel must be positive: " + bytesPerVoxel);
		final long cap = maxVoxels(bytesPerVoxel);
		if (voxels <= cap) return;
		final String need = bytes(voxels > Long.MAX_VALUE / bytesPerVoxel ? Long.MAX_VALUE : voxels * bytesPerVoxel);
		final String limit = System.getProperty(MAX_VOXELS_PROPERTY) != null
			? "the limit of " + cap + " voxels set by the system property " + MAX_VOXELS_PROPERTY
			: "the " + bytes(cap * bytesPerVoxel) + " of memory available (80% of the free Java heap; raise it with -Xmx, or crop the image)";
		throw new BadInputException(file, "image of " + what + " needs " + need + " as " + bytesPerVoxel + "-byte values, more than " + limit);
	}

	/**
	 * The largest byte buffer a reader fills from a compressed stream whose decompressed length it learns only by
	 * decompressing (a deflated DICOM data set): the voxel cap {@value #MAX_VOXELS_PROPERTY} when set, else 20% of
	 * the free heap ({@code maxVoxels(4)} bytes, leaving room for the image decoded from it); at most one Java array.
	 */
	public static long maxBufferBytes() {
		return Math.min(MAX_PLANE_VOXELS, maxVoxels(4));
	}

	/** Why {@link #maxBufferBytes()} is what it is, for a refusal message. */
	public static String bufferLimitReason() {
		return System.getProperty(MAX_VOXELS_PROPERTY) != null ? "the limit set by the system property " + MAX_VOXELS_PROPERTY
			: "the limit of 20% of the free Java heap (raise it with -Xmx)";
	}

	/** The largest voxel count allowed now for values of {@code bytesPerVoxel} bytes. */
	public static long maxVoxels(final int bytesPerVoxel) {
		final String p = System.getProperty(MAX_VOXELS_PROPERTY);
		if (p != null && !p.trim().isEmpty()) {
			try {
				final long v = Long.parseLong(p.trim());
				if (v > 0) return v;
			}
			catch (final NumberFormatException e) {
				// reported below
			}
			throw new BadInputException(MAX_VOXELS_PROPERTY, "not a positive whole number: '" + p + "'");
		}
		return (long) (0.8 * available()) / bytesPerVoxel;
	}

	/** Heap not yet in use: {@code Runtime.maxMemory() - (totalMemory() - freeMemory())}. */
	private static long available() {
		final Runtime rt = Runtime.getRuntime();
		return Math.max(0, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
	}

	private static String bytes(final long b) {
		if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
		if (b >= 1L << 20) return String.format(Locale.ROOT, "%.1f MB", b / (double) (1L << 20));
		return String.format(Locale.ROOT, "%.1f kB", b / 1024.0);
	}
}
