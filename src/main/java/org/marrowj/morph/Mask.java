package org.marrowj.morph;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A binary 3D mask on a grid of nx x ny x nz voxels: one byte per voxel (0 = outside, 1 = inside),
 * flat index {@code x + nx * (y + ny * z)}. The bytes are an ImgLib2 {@link ArrayImg}, shared
 * with {@link #img()} without copying.
 */
public final class Mask {

	private final int nx, ny, nz;
	private final byte[] data;
	private final ArrayImg<UnsignedByteType, ByteArray> img;

	public Mask(final int nx, final int ny, final int nz) {
		this(nx, ny, nz, new byte[checkedSize(nx, ny, nz)]);
	}

	/** Wraps {@code data} (length nx*ny*nz, values 0 or 1) without copying. */
	public Mask(final int nx, final int ny, final int nz, final byte[] data) {
		if (data.length != checkedSize(nx, ny, nz)) throw new IllegalArgumentException("mask data length " + data.length +
			" does not match " + nx + "x" + ny + "x" + nz);
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.data = data;
		this.img = ArrayImgs.unsignedBytes(data, nx, ny, nz);
	}

	private static int checkedSize(final int nx, final int ny, final int nz) {
		final long n = (long) nx * ny * nz;
		if (nx < 1 || ny < 1 || nz < 1 || n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("mask size " + nx + "x" + ny + "x" + nz + " is empty or over 2^31 voxels");
		return (int) n;
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	public int nz() {
		return nz;
	}

	/** The backing bytes (0/1), flat index x + nx*(y + ny*z). */
	public byte[] data() {
		return data;
	}

	public ArrayImg<UnsignedByteType, ByteArray> img() {
		return img;
	}

	public int index(final int x, final int y, final int z) {
		return x + nx * (y + ny * z);
	}

	public boolean get(final int x, final int y, final int z) {
		return data[x + nx * (y + ny * z)] != 0;
	}

	public void set(final int x, final int y, final int z, final boolean v) {
		data[x + nx * (y + ny * z)] = (byte) (v ? 1 : 0);
	}

	/** Number of voxels inside. */
	public long count() {
		long n = 0;
		for (final byte b : data)
			n += b;
		return n;
	}

	public Mask copy() {
		return new Mask(nx, ny, nz, data.clone());
	}

	/** Same size, nothing inside. */
	public Mask emptyLike() {
		return new Mask(nx, ny, nz);
	}
}
