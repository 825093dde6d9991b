package org.marrowj.io;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Builds NIfTI-1 files byte by byte from the nifti1.h field offsets, independently of {@link Nifti}'s writer:
 * the tests describe a header field by field and get exactly those bytes.
 */
final class NiftiHeaderBuilder {

	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	short[] dim = { 3, 1, 1, 1, 1, 1, 1, 1 };
	short datatype = 16;
	short bitpix = 32;
	float[] pixdim = { 1, 1, 1, 1, 0, 0, 0, 0 };
	float voxOffset = 352;
	float sclSlope = 0, sclInter = 0;
	byte xyztUnits = 2;
	short intentCode = 0;
	String descrip = "";
	short qformCode = 0, sformCode = 0;
	float qb, qc, qd, qx, qy, qz;
	float[][] srow = new float[3][4];
	String magic = "n+1";
	int sizeofHdr = 348;

	NiftiHeaderBuilder dims(final int... d) {
		dim[0] = (short) d.length;
		for (int i = 0; i < d.length; i++)
			dim[i + 1] = (short) d[i];
		return this;
	}

	byte[] header() {
		final ByteBuffer b = ByteBuffer.allocate(348).order(order);
		b.putInt(0, sizeofHdr); // sizeof_hdr
		for (int i = 0; i < 8; i++)
			b.putShort(40 + 2 * i, dim[i]); // dim[8]
		b.putShort(68, intentCode);
		b.putShort(70, datatype);
		b.putShort(72, bitpix);
		for (int i = 0; i < 8; i++)
			b.putFloat(76 + 4 * i, pixdim[i]); // pixdim[8]
		b.putFloat(108, voxOffset);
		b.putFloat(112, sclSlope);
		b.putFloat(116, sclInter);
		b.put(123, xyztUnits);
		final byte[] d = descrip.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < d.length && i < 79; i++)
			b.put(148 + i, d[i]);
		b.putShort(252, qformCode);
		b.putShort(254, sformCode);
		b.putFloat(256, qb);
		b.putFloat(260, qc);
		b.putFloat(264, qd);
		b.putFloat(268, qx);
		b.putFloat(272, qy);
		b.putFloat(276, qz);
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				b.putFloat(280 + 16 * r + 4 * c, srow[r][c]);
		final byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < m.length; i++)
			b.put(344 + i, m[i]);
		return b.array();
	}

	/** Header, zero bytes up to vox_offset, then {@code data}. */
	byte[] file(final byte[] data) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(header());
		final int pad = Math.max(0, (int) voxOffset - 348);
		out.write(new byte[pad]);
		out.write(data);
		return out.toByteArray();
	}

	/** float32 data in this builder's byte order. */
	byte[] floats(final float... v) {
		final ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
		for (final float f : v)
			b.putFloat(f);
		return b.array();
	}

	byte[] shorts(final short... v) {
		final ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(order);
		for (final short s : v)
			b.putShort(s);
		return b.array();
	}

	static void write(final File f, final byte[] bytes, final boolean gzip) throws IOException {
		try (OutputStream o = gzip ? new GZIPOutputStream(new FileOutputStream(f)) : new FileOutputStream(f)) {
			o.write(bytes);
		}
	}
}
