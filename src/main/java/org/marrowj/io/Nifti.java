package org.marrowj.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.LongArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.NativeType;
import net.imglib2.util.Fraction;
import net.imglib2.type.BooleanType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

/**
 * NIfTI-1 read and write (single-file {@code .nii} and gzip-compressed {@code .nii.gz}), following
 * the NIfTI-1 definition (nifti1.h, Cox et al., NIfTI Data Format Working Group, 2003).
 * <h2>Voxel types</h2>
 * Without scaling ({@code scl_slope} 0, NaN, infinite, or exactly 1 with {@code scl_inter} 0) the stored type is
 * kept: uint8 -&gt; {@link UnsignedByteType}, int8 -&gt; {@link ByteType}, int16 -&gt; {@link ShortType}, uint16 -&gt;
 * {@link UnsignedShortType}, int32 -&gt; {@link IntType}, uint32 -&gt; {@link UnsignedIntType}, int64 -&gt;
 * {@link LongType}, float32 -&gt; {@link FloatType}, float64 -&gt; {@link DoubleType} (kept in double so that a
 * float64 file round-trips exactly). With a real scaling, value = stored x scl_slope + scl_inter, as
 * {@link FloatType} (as {@link DoubleType} for float64 data). Images are {@link PlanarImg}s, one plane per z,
 * so ImageJ can wrap their arrays. Other datatypes (complex, RGB, uint64, float128, binary) are refused.
 * <h2>Geometry</h2>
 * NIfTI world coordinates are RAS+, MarrowJ's are LPS: world_LPS = diag(-1,-1,1) x world_RAS. Method 3
 * ({@code sform_code > 0}): world_RAS = [srow_x; srow_y; srow_z] x (i, j, k, 1). Else method 2 ({@code qform_code > 0}):
 * world_RAS = R x diag(pixdim1, pixdim2, qfac x pixdim3) x (i, j, k) + qoffset, R the rotation of the unit
 * quaternion (a, b, c, d), a = sqrt(1 - b^2 - c^2 - d^2), qfac = pixdim[0] (0 read as 1). Else method 1: spacing
 * pixdim[1..3], origin 0, identity direction, with the property {@link #WARNING}. Lengths in metres or microns
 * ({@code xyzt_units}) are converted to mm. Spacing = column norms, direction = normalised columns, origin = world
 * of voxel (0,0,0).
 * <h2>Properties of a read volume</h2>
 * {@link #SFORM_CODE}, {@link #QFORM_CODE}, {@link #INTENT_CODE}, {@link #INTENT_NAME}, {@link #DESCRIP},
 * {@link #GEOMETRY_FROM} ("sform", "qform" or "pixdim"), {@link #DATATYPE}, {@link #SCALING} (only when scaled),
 * {@link #WARNING} (only when something was guessed), "source" (the path). The value unit is read from a
 * description written by MarrowJ ("MarrowJ &lt;unit&gt; [&lt;modality&gt;]"); else {@link Volume#LABEL} when the
 * intent is NIFTI_INTENT_LABEL (1002); else {@link Volume#UNKNOWN}.
 * <h2>Writing</h2>
 * The voxel type chooses the datatype that keeps every value exactly (inverse of the list above; BitType and
 * other boolean types as uint8). sform and qform are both written from the geometry (codes from the properties
 * when present and positive, else 1 = scanner anatomical); the qform quaternion comes from the orthogonal
 * (polar) part of the direction, with qfac = -1 when its determinant is negative. The file is written to a
 * temporary file in the same folder and renamed, so a file under the final name is always complete.
 */
public final class Nifti {

	public static final String SFORM_CODE = "nifti.sform_code";
	public static final String QFORM_CODE = "nifti.qform_code";
	public static final String INTENT_CODE = "nifti.intent_code";
	public static final String INTENT_NAME = "nifti.intent_name";
	public static final String DESCRIP = "nifti.descrip";
	public static final String DATATYPE = "nifti.datatype";
	/** "slope inter" when the values were scaled on read. */
	public static final String SCALING = "nifti.scaling";
	/** Which header fields gave the geometry: "sform", "qform" or "pixdim". */
	public static final String GEOMETRY_FROM = "nifti.geometry_from";
	/** Anything the reader had to guess (no orientation, non-positive pixdim, ...). */
	public static final String WARNING = "nifti.warning";

	/** NIFTI_INTENT_LABEL. */
	public static final int INTENT_LABEL = 1002;

	static final int HEADER_BYTES = 348;
	static final int DEFAULT_VOX_OFFSET = 352;
	/**
	 * The largest extension block (the bytes between the header and vox_offset) read: a damaged vox_offset in a
	 * gzip stream would otherwise have the reader decompress gigabytes before finding the data.
	 */
	static final long MAX_EXTENSION_BYTES = 64L << 20;
	/** Trailing bytes past the announced data tolerated before the file is called inconsistent. */
	static final long TRAILING_SLACK = 1 << 20;

	static final short DT_UINT8 = 2, DT_INT16 = 4, DT_INT32 = 8, DT_FLOAT32 = 16, DT_FLOAT64 = 64, DT_INT8 = 256,
		DT_UINT16 = 512, DT_UINT32 = 768, DT_INT64 = 1024;

	private static final String DESCRIP_PREFIX = "MarrowJ ";

	private Nifti() {}

	// ------------------------------------------------------------------------------------------ reading

	/**
	 * Reads a NIfTI-1 single file (.nii, or gzip-compressed .nii.gz: detected from the content).
	 *
	 * @throws BadInputException naming the file and the problem for anything unreadable or inconsistent
	 */
	public static Volume<?> read(final File file) {
		if (file == null) throw new BadInputException((String) null, "no NIfTI file given");
		if (!file.isFile()) throw new BadInputException(file, "no such file");
		final long fileLength = file.length();
		try (InputStream raw = new BufferedInputStream(new FileInputStream(file), 1 << 16)) {
			raw.mark(2);
			final int m0 = raw.read(), m1 = raw.read();
			raw.reset();
			final boolean gz = m0 == 0x1f && m1 == 0x8b;
			final InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
			return read(file, in, gz ? -1 : fileLength);
		}
		catch (final BadInputException e) {
			throw e;
		}
		catch (final ZipException e) {
			throw new BadInputException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
		}
		catch (final EOFException e) {
			throw new BadInputException(file, "file ends early (truncated or corrupt gzip data)", e);
		}
		catch (final IOException e) {
			throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	/** @param fileLength the byte length of the uncompressed file, or -1 when not known (gzip) */
	private static Volume<?> read(final File file, final InputStream in, final long fileLength) throws IOException {
		final byte[] hb = new byte[HEADER_BYTES];
		final int got = readFully(in, hb, 0, HEADER_BYTES);
		if (got < HEADER_BYTES)
			throw new BadInputException(file, "too short for a NIfTI-1 header: " + got + " bytes, a header has " + HEADER_BYTES);
		final Header h = Header.parse(file, hb);

		final long dataBytes = h.nx * h.ny * h.nz * (long) h.bytesPerVoxel;
		if (fileLength >= 0) {
			if (h.voxOffset > fileLength)
				throw new BadInputException(file, "vox_offset " + h.voxOffset + " lies beyond the end of the file (" + fileLength + " bytes)");
			if (h.voxOffset + dataBytes > fileLength)
				throw new BadInputException(file, "file is shorter than the data its header announces: " + h.nx + "x" + h.ny + "x" + h.nz +
					" voxels of " + h.bytesPerVoxel + " bytes from offset " + h.voxOffset + " need " + (h.voxOffset + dataBytes) +
					" bytes, the file has " + fileLength + " (truncated?)");
			if (fileLength - h.voxOffset - dataBytes > TRAILING_SLACK)
				throw new BadInputException(file, "file holds " + (fileLength - h.voxOffset - dataBytes) +
					" bytes more than the data its header announces (" + dataBytes + " bytes): inconsistent header");
		}
		final boolean scaled = h.scaled();
		final boolean dbl = h.datatype == DT_FLOAT64;
		final int outBytes = scaled ? (dbl ? 8 : 4) : h.bytesPerVoxel;
		Limits.checkAllocation(file.getPath(), new long[] { h.nx, h.ny, h.nz }, outBytes);

		// skip extensions up to vox_offset (gzip streams cannot seek)
		long toSkip = h.voxOffset - HEADER_BYTES;
		final byte[] skipBuf = new byte[(int) Math.min(toSkip, 1 << 16) + 1];
		while (toSkip > 0) {
			final int n = readFully(in, skipBuf, 0, (int) Math.min(toSkip, skipBuf.length));
			if (n <= 0) throw new BadInputException(file, "file ends before vox_offset " + h.voxOffset);
			toSkip -= n;
		}

		// planes are allocated as the data arrive, so a header that lies about a short stream costs no more memory than the data
		final NativeType<?> type = scaled ? (dbl ? new DoubleType() : new FloatType()) : unscaledType(h.datatype);
		final List<ArrayDataAccess<?>> planes = new ArrayList<>((int) h.nz);
		final int planeVoxels = (int) (h.nx * h.ny);
		final int chunkVoxels = Math.max(1, Math.min(planeVoxels, (1 << 22) / h.bytesPerVoxel));
		final byte[] chunk = new byte[chunkVoxels * h.bytesPerVoxel];
		final ByteBuffer bb = ByteBuffer.wrap(chunk).order(h.order);
		for (int z = 0; z < h.nz; z++) {
			final ArrayDataAccess<?> access = newPlane(type, planeVoxels);
			planes.add(access);
			final Object plane = access.getCurrentStorageArray();
			for (int off = 0; off < planeVoxels; off += chunkVoxels) {
				final int n = Math.min(chunkVoxels, planeVoxels - off);
				final int want = n * h.bytesPerVoxel;
				final int r = readFully(in, chunk, 0, want);
				if (r < want) {
					final long have = h.voxOffset + ((long) z * planeVoxels + off) * h.bytesPerVoxel + r;
					throw new BadInputException(file, "data end early: the header announces " + h.nx + "x" + h.ny + "x" + h.nz + " voxels of " +
						h.bytesPerVoxel + " bytes (" + (h.voxOffset + dataBytes) + " bytes with the header), the " +
						(fileLength < 0 ? "decompressed stream" : "file") + " holds " + have + " (truncated?)");
				}
				bb.clear();
				if (scaled) decodeScaled(file, bb, h.datatype, n, plane, off, h.slope, h.inter);
				else decode(bb, h.datatype, n, plane, off);
			}
		}
		if (fileLength < 0) {
			// bounded look past the announced data: never decompress more than the slack
			long extra = 0;
			final byte[] probe = new byte[1 << 16];
			while (extra <= TRAILING_SLACK) {
				final int n = in.read(probe);
				if (n < 0) break;
				extra += n;
			}
			if (extra > TRAILING_SLACK)
				throw new BadInputException(file, "gzip data decompress to more than the " + (h.voxOffset + dataBytes) +
					" bytes its header announces (more than " + TRAILING_SLACK + " extra bytes): inconsistent header or not one image");
		}

		final Map<String, String> props = new LinkedHashMap<>();
		props.put("source", file.getPath());
		props.put(SFORM_CODE, Integer.toString(h.sformCode));
		props.put(QFORM_CODE, Integer.toString(h.qformCode));
		props.put(INTENT_CODE, Integer.toString(h.intentCode));
		if (!h.intentName.isEmpty()) props.put(INTENT_NAME, h.intentName);
		props.put(DESCRIP, h.descrip);
		props.put(DATATYPE, Integer.toString(h.datatype));
		if (scaled) props.put(SCALING, h.slope + " " + h.inter);
		final StringBuilder warn = new StringBuilder();
		final Geometry g = h.geometry(warn);
		props.put(GEOMETRY_FROM, h.geometryFrom);
		if (warn.length() > 0) props.put(WARNING, warn.toString().trim());

		String unit = Volume.UNKNOWN;
		String modality = "";
		if (h.descrip.startsWith(DESCRIP_PREFIX)) {
			String rest = h.descrip.substring(DESCRIP_PREFIX.length()).trim();
			final int b = rest.lastIndexOf(" [");
			if (rest.endsWith("]") && b >= 0) {
				modality = rest.substring(b + 2, rest.length() - 1);
				rest = rest.substring(0, b).trim();
			}
			unit = rest;
		}
		else if (h.intentCode == INTENT_LABEL) unit = Volume.LABEL;
		return volume(planes, new long[] { h.nx, h.ny, h.nz }, type, g, unit, modality, props);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Volume<?> volume(final List<ArrayDataAccess<?>> planes, final long[] dims, final NativeType type, final Geometry g,
		final String unit, final String modality, final Map<String, String> props)
	{
		final PlanarImg img = new PlanarImg(planes, dims, new Fraction());
		img.setLinkedType(type.getNativeTypeFactory().createLinkedType(img));
		return new Volume(img, g, unit, modality, props);
	}

	private static ArrayDataAccess<?> newPlane(final NativeType<?> t, final int n) {
		if (t instanceof UnsignedByteType || t instanceof ByteType) return new ByteArray(n);
		if (t instanceof ShortType || t instanceof UnsignedShortType) return new ShortArray(n);
		if (t instanceof IntType || t instanceof UnsignedIntType) return new IntArray(n);
		if (t instanceof LongType) return new LongArray(n);
		if (t instanceof FloatType) return new FloatArray(n);
		return new DoubleArray(n);
	}

	private static NativeType<?> unscaledType(final short datatype) {
		switch (datatype) {
			case DT_UINT8: return new UnsignedByteType();
			case DT_INT8: return new ByteType();
			case DT_INT16: return new ShortType();
			case DT_UINT16: return new UnsignedShortType();
			case DT_INT32: return new IntType();
			case DT_UINT32: return new UnsignedIntType();
			case DT_INT64: return new LongType();
			case DT_FLOAT32: return new FloatType();
			case DT_FLOAT64: return new DoubleType();
			default: throw new IllegalStateException("datatype " + datatype);
		}
	}

	private static void decode(final ByteBuffer bb, final short datatype, final int n, final Object plane, final int off) {
		switch (datatype) {
			case DT_UINT8:
			case DT_INT8:
				bb.get((byte[]) plane, off, n);
				break;
			case DT_INT16:
			case DT_UINT16:
				bb.asShortBuffer().get((short[]) plane, off, n);
				break;
			case DT_INT32:
			case DT_UINT32:
				bb.asIntBuffer().get((int[]) plane, off, n);
				break;
			case DT_INT64:
				bb.asLongBuffer().get((long[]) plane, off, n);
				break;
			case DT_FLOAT32:
				bb.asFloatBuffer().get((float[]) plane, off, n);
				break;
			case DT_FLOAT64:
				bb.asDoubleBuffer().get((double[]) plane, off, n);
				break;
			default:
				throw new IllegalStateException("datatype " + datatype);
		}
	}

	/**
	 * value = stored x slope + inter, computed in double. A finite stored value that scales beyond the range of the
	 * result type (float32, or float64 for float64 data) is refused: the scaling fields are damaged.
	 */
	private static void decodeScaled(final File file, final ByteBuffer bb, final short datatype, final int n, final Object plane,
		final int off, final double slope, final double inter)
	{
		final float[] f = plane instanceof float[] ? (float[]) plane : null;
		final double[] d = plane instanceof double[] ? (double[]) plane : null;
		for (int i = 0; i < n; i++) {
			final double stored;
			switch (datatype) {
				case DT_UINT8: stored = bb.get() & 0xff; break;
				case DT_INT8: stored = bb.get(); break;
				case DT_INT16: stored = bb.getShort(); break;
				case DT_UINT16: stored = bb.getShort() & 0xffff; break;
				case DT_INT32: stored = bb.getInt(); break;
				case DT_UINT32: stored = bb.getInt() & 0xffffffffL; break;
				case DT_INT64: stored = bb.getLong(); break;
				case DT_FLOAT32: stored = bb.getFloat(); break;
				case DT_FLOAT64: stored = bb.getDouble(); break;
				default: throw new IllegalStateException("datatype " + datatype);
			}
			final double v = stored * slope + inter;
			final double kept = f != null ? (float) v : v;
			if (Double.isInfinite(kept) && Double.isFinite(stored))
				throw new BadInputException(file, "scl_slope " + slope + " and scl_inter " + inter + " scale the stored value " + stored + " to " +
					v + ", beyond the range of " + (f != null ? "float32" : "float64") + " (scaling fields damaged?)");
			if (f != null) f[off + i] = (float) kept;
			else d[off + i] = v;
		}
	}

	/** Reads up to {@code len} bytes, fewer only at the end of the stream; returns the count read. */
	private static int readFully(final InputStream in, final byte[] b, final int off, final int len) throws IOException {
		int total = 0;
		while (total < len) {
			final int n = in.read(b, off + total, len - total);
			if (n < 0) break;
			total += n;
		}
		return total;
	}

	/** The fields of a NIfTI-1 header that the reader uses. */
	static final class Header {
		ByteOrder order;
		long nx, ny, nz;
		short datatype;
		int bytesPerVoxel;
		long voxOffset;
		double slope, inter;
		int intentCode;
		String intentName, descrip;
		int qformCode, sformCode;
		final float[] pixdim = new float[8];
		double qb, qc, qd, qx, qy, qz;
		final double[][] srow = new double[3][4];
		int xyztUnits;
		File file;
		String geometryFrom = "pixdim";

		static Header parse(final File file, final byte[] hb) {
			final Header h = new Header();
			h.file = file;
			final ByteBuffer le = ByteBuffer.wrap(hb).order(ByteOrder.LITTLE_ENDIAN);
			final ByteBuffer be = ByteBuffer.wrap(hb).order(ByteOrder.BIG_ENDIAN);
			final int sizeLe = le.getInt(0), sizeBe = be.getInt(0);
			final ByteBuffer b;
			if (sizeLe == HEADER_BYTES) b = le;
			else if (sizeBe == HEADER_BYTES) b = be;
			else if (sizeLe == 540 || sizeBe == 540)
				throw new BadInputException(file, "a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 is supported");
			else throw new BadInputException(file, "not a NIfTI-1 file (sizeof_hdr is " + sizeLe + ", must be 348)");
			h.order = b.order();
			final String magic = new String(hb, 344, 3, StandardCharsets.US_ASCII);
			if (magic.equals("ni1"))
				throw new BadInputException(file, "a NIfTI-1 header of a .hdr/.img pair (magic 'ni1'); only single .nii files are read");
			if (!magic.equals("n+1"))
				throw new BadInputException(file, "not a NIfTI-1 single file (magic is not 'n+1'; an ANALYZE 7.5 header?)");

			final short[] dim = new short[8];
			for (int i = 0; i < 8; i++)
				dim[i] = b.getShort(40 + 2 * i);
			final int nd = dim[0];
			if (nd < 2 || nd > 7)
				throw new BadInputException(file, "dim[0] = " + nd + ": a NIfTI-1 image has 2 to 7 dimensions; this header is corrupt or not an image");
			for (int i = 1; i <= nd; i++)
				if (dim[i] <= 0)
					throw new BadInputException(file, "dim[" + i + "] = " + dim[i] + ": every image dimension must be at least 1");
			if (nd >= 4 && dim[4] > 1)
				throw new BadInputException(file, "a 4D image with " + dim[4] +
					" volumes (dim[4]); MarrowJ reads 3D images only: extract one volume first");
			for (int i = 5; i <= nd; i++)
				if (dim[i] > 1)
					throw new BadInputException(file, "dim[" + i + "] = " + dim[i] + ": images with more than 4 dimensions are not supported");
			h.nx = dim[1];
			h.ny = dim[2];
			h.nz = nd >= 3 ? dim[3] : 1;

			h.intentCode = b.getShort(68);
			h.datatype = b.getShort(70);
			h.bytesPerVoxel = bytesPerVoxel(file, h.datatype);
			for (int i = 0; i < 8; i++)
				h.pixdim[i] = b.getFloat(76 + 4 * i);
			final float vox = b.getFloat(108);
			if (!Float.isFinite(vox) || vox < 0 || vox != Math.rint(vox))
				throw new BadInputException(file, "vox_offset " + vox + " is not a non-negative whole number of bytes");
			if (vox == 0) h.voxOffset = DEFAULT_VOX_OFFSET;
			else if (vox < HEADER_BYTES)
				throw new BadInputException(file, "vox_offset " + (long) vox + " lies inside the " + HEADER_BYTES + "-byte header");
			else if ((long) vox - HEADER_BYTES > MAX_EXTENSION_BYTES)
				throw new BadInputException(file, "vox_offset " + (long) vox + " announces " + ((long) vox - HEADER_BYTES) +
					" bytes of header extensions, more than the " + MAX_EXTENSION_BYTES + " read (header damaged?)");
			else h.voxOffset = (long) vox;
			h.slope = b.getFloat(112);
			final float inter = b.getFloat(116);
			h.inter = Float.isFinite(inter) ? inter : 0; // a non-finite intercept is read as 0
			h.xyztUnits = b.get(123) & 0xff;
			h.descrip = cString(hb, 148, 80);
			h.qformCode = b.getShort(252);
			h.sformCode = b.getShort(254);
			h.qb = b.getFloat(256);
			h.qc = b.getFloat(260);
			h.qd = b.getFloat(264);
			h.qx = b.getFloat(268);
			h.qy = b.getFloat(272);
			h.qz = b.getFloat(276);
			for (int r = 0; r < 3; r++)
				for (int c = 0; c < 4; c++)
					h.srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
			h.intentName = cString(hb, 328, 16);
			return h;
		}

		boolean scaled() {
			return Double.isFinite(slope) && slope != 0 && !(slope == 1 && inter == 0);
		}

		/** mm per header length unit (xyzt_units & 7: 1 metre, 2 mm, 3 micron; 0 unknown, read as mm). */
		double mmPerUnit(final StringBuilder warn) {
			switch (xyztUnits & 7) {
				case 1: return 1000;
				case 3: return 1e-3;
				case 2: return 1;
				default:
					if ((xyztUnits & 7) == 0 && (sformCode > 0 || qformCode > 0)) warn.append("spatial unit unknown (xyzt_units 0), read as mm. ");
					return 1;
			}
		}

		Geometry geometry(final StringBuilder warn) {
			final double u = mmPerUnit(warn);
			if (sformCode > 0) {
				final double[] a = new double[12];
				boolean ok = true;
				for (int r = 0; r < 3; r++)
					for (int c = 0; c < 4; c++) {
						a[4 * r + c] = srow[r][c] * u * (r < 2 ? -1 : 1);
						if (!Double.isFinite(a[4 * r + c])) ok = false;
					}
				for (int c = 0; c < 3 && ok; c++)
					if (Math.sqrt(a[c] * a[c] + a[4 + c] * a[4 + c] + a[8 + c] * a[8 + c]) < 1e-12) ok = false;
				if (ok && Math.abs(det3(a)) > 1e-18) {
					geometryFrom = "sform";
					return Geometry.fromAffine(a);
				}
				warn.append("sform is degenerate (a zero column or not finite); ignored. ");
			}
			final double[] sp = new double[3];
			for (int i = 0; i < 3; i++) {
				final double p = pixdim[i + 1];
				if (p > 0 && Double.isFinite(p)) sp[i] = p * u;
				else {
					sp[i] = u;
					warn.append("pixdim[").append(i + 1).append("] = ").append(p).append(" is not a positive spacing; 1 used. ");
				}
			}
			if (qformCode > 0 && Double.isFinite(qb + qc + qd + qx + qy + qz)) {
				geometryFrom = "qform";
				final double[] r = quaternionToRotation(qb, qc, qd);
				final double qfac = pixdim[0] < 0 ? -1 : 1;
				final double[] dir = new double[9];
				for (int row = 0; row < 3; row++)
					for (int c = 0; c < 3; c++)
						dir[3 * row + c] = r[3 * row + c] * (c == 2 ? qfac : 1) * (row < 2 ? -1 : 1);
				return new Geometry(sp, new double[] { -qx * u, -qy * u, qz * u }, dir);
			}
			geometryFrom = "pixdim";
			warn.append("no sform or qform (both codes 0): orientation unknown; identity direction and origin 0 used. ");
			return Geometry.axisAligned(sp, new double[3]);
		}
	}

	/**
	 * Row-major rotation of the unit quaternion (a, b, c, d), a = sqrt(1 - b^2 - c^2 - d^2) (nifti1.h method 2).
	 * When b^2 + c^2 + d^2 is 1 or more (a 180-degree rotation stored in float), a = 0 and (b, c, d) is normalised.
	 */
	static double[] quaternionToRotation(double b, double c, double d) {
		double a = 1 - (b * b + c * c + d * d);
		if (a < 1e-7) {
			final double n = Math.sqrt(b * b + c * c + d * d);
			b /= n;
			c /= n;
			d /= n;
			a = 0;
		}
		else a = Math.sqrt(a);
		return new double[] { //
			a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c), //
			2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b), //
			2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b };
	}

	/**
	 * Quaternion (b, c, d) with a &ge; 0 of a proper rotation matrix (row-major), by the largest of the four
	 * diagonal combinations (Shepperd's method), so that 180-degree rotations (a = 0) are exact.
	 */
	static double[] rotationToQuaternion(final double[] r) {
		final double t = r[0] + r[4] + r[8];
		double a, b, c, d;
		if (t >= r[0] && t >= r[4] && t >= r[8]) {
			final double s = Math.sqrt(1 + t) * 2; // 4a
			a = s / 4;
			b = (r[7] - r[5]) / s;
			c = (r[2] - r[6]) / s;
			d = (r[3] - r[1]) / s;
		}
		else if (r[0] >= r[4] && r[0] >= r[8]) {
			final double s = Math.sqrt(1 + r[0] - r[4] - r[8]) * 2; // 4b
			a = (r[7] - r[5]) / s;
			b = s / 4;
			c = (r[1] + r[3]) / s;
			d = (r[2] + r[6]) / s;
		}
		else if (r[4] >= r[8]) {
			final double s = Math.sqrt(1 + r[4] - r[0] - r[8]) * 2; // 4c
			a = (r[2] - r[6]) / s;
			b = (r[1] + r[3]) / s;
			c = s / 4;
			d = (r[5] + r[7]) / s;
		}
		else {
			final double s = Math.sqrt(1 + r[8] - r[0] - r[4]) * 2; // 4d
			a = (r[3] - r[1]) / s;
			b = (r[2] + r[6]) / s;
			c = (r[5] + r[7]) / s;
			d = s / 4;
		}
		if (a < 0) {
			a = -a;
			b = -b;
			c = -c;
			d = -d;
		}
		final double n = Math.sqrt(a * a + b * b + c * c + d * d);
		return new double[] { b / n, c / n, d / n };
	}

	private static double det3(final double[] a) {
		// 3x4 row-major, linear part
		return a[0] * (a[5] * a[10] - a[6] * a[9]) - a[1] * (a[4] * a[10] - a[6] * a[8]) + a[2] * (a[4] * a[9] - a[5] * a[8]);
	}

	static int bytesPerVoxel(final File file, final short datatype) {
		switch (datatype) {
			case DT_UINT8:
			case DT_INT8:
				return 1;
			case DT_INT16:
			case DT_UINT16:
				return 2;
			case DT_INT32:
			case DT_UINT32:
			case DT_FLOAT32:
				return 4;
			case DT_INT64:
			case DT_FLOAT64:
				return 8;
			default:
				throw new BadInputException(file, "unsupported NIfTI datatype " + datatype + " (" + datatypeName(datatype) +
					"); supported: uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), uint32 (768), int64 (1024), float32 (16), float64 (64)");
		}
	}

	static String datatypeName(final int datatype) {
		switch (datatype) {
			case 0: return "unknown";
			case 1: return "binary";
			case 2: return "uint8";
			case 4: return "int16";
			case 8: return "int32";
			case 16: return "float32";
			case 32: return "complex64";
			case 64: return "float64";
			case 128: return "rgb24";
			case 256: return "int8";
			case 512: return "uint16";
			case 768: return "uint32";
			case 1024: return "int64";
			case 1280: return "uint64";
			case 1536: return "float128";
			case 1792: return "complex128";
			case 2048: return "complex256";
			case 2304: return "rgba32";
			default: return "not a NIfTI-1 datatype";
		}
	}

	private static String cString(final byte[] b, final int off, final int len) {
		int n = 0;
		while (n < len && b[off + n] != 0)
			n++;
		return new String(b, off, n, StandardCharsets.UTF_8).trim();
	}

	// ------------------------------------------------------------------------------------------ writing

	/**
	 * Writes {@code volume} as NIfTI-1; gzip-compressed when the name ends with ".gz". Atomic: written to a
	 * temporary file in the same folder, then renamed.
	 *
	 * @throws BadInputException when the voxel type has no exact NIfTI-1 datatype, an axis is longer than 32767,
	 *             or the file cannot be written
	 */
	public static void write(final Volume<?> volume, final File file) {
		if (volume == null) throw new BadInputException(file, "no volume to write");
		if (file == null) throw new BadInputException((String) null, "no output file given");
		final RandomAccessibleInterval<?> img = volume.image();
		final Object type = img.getType();
		final short datatype = datatypeOf(file, type);
		final long[] dims = img.dimensionsAsLongArray();
		for (int i = 0; i < 3; i++)
			if (dims[i] > Short.MAX_VALUE)
				throw new BadInputException(file, "axis " + i + " has " + dims[i] + " voxels; NIfTI-1 allows at most 32767");
		final byte[] header = header(volume, datatype);
		final File abs = file.getAbsoluteFile();
		final File dir = abs.getParentFile();
		if (dir != null && !dir.isDirectory()) throw new BadInputException(file, "the folder " + dir + " does not exist");
		final boolean gz = file.getName().toLowerCase(Locale.ROOT).endsWith(".gz");
		try {
			AtomicFiles.write(abs, o -> {
				final OutputStream out = gz ? fastGzip(o) : o;
				out.write(header);
				out.write(new byte[DEFAULT_VOX_OFFSET - HEADER_BYTES]); // no extensions
				writeData(img, datatype, out);
				if (gz) ((GZIPOutputStream) out).finish();
			});
		}
		catch (final IOException e) {
			throw new BadInputException(file, "cannot write: " + e.getMessage(), e);
		}
	}

	/**
	 * gzip at the fastest deflate level: label maps (mostly zeros) compress almost as well as at the
	 * default level, several times faster; the files stay readable by every gzip reader.
	 */
	private static GZIPOutputStream fastGzip(final OutputStream o) throws IOException {
		return new GZIPOutputStream(o, 1 << 16) {

			{
				def.setLevel(Deflater.BEST_SPEED);
			}
		};
	}

	private static short datatypeOf(final File file, final Object t) {
		if (t instanceof UnsignedByteType) return DT_UINT8;
		if (t instanceof ByteType) return DT_INT8;
		if (t instanceof ShortType) return DT_INT16;
		if (t instanceof UnsignedShortType) return DT_UINT16;
		if (t instanceof IntType) return DT_INT32;
		if (t instanceof UnsignedIntType) return DT_UINT32;
		if (t instanceof LongType) return DT_INT64;
		if (t instanceof FloatType) return DT_FLOAT32;
		if (t instanceof DoubleType) return DT_FLOAT64;
		if (t instanceof BooleanType) return DT_UINT8;
		throw new BadInputException(file, "cannot write voxels of type " + t.getClass().getSimpleName() +
			" exactly as NIfTI-1; convert to FloatType, DoubleType or a standard integer type first");
	}

	static byte[] header(final Volume<?> v, final short datatype) {
		final ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, HEADER_BYTES);
		b.put(38, (byte) 'r'); // "regular", as ANALYZE readers expect
		final long[] d = v.dimensions();
		b.putShort(40, (short) 3);
		for (int i = 0; i < 3; i++)
			b.putShort(42 + 2 * i, (short) d[i]);
		for (int i = 3; i < 7; i++)
			b.putShort(42 + 2 * i, (short) 1);
		final int intent = Volume.LABEL.equals(v.valueUnit()) ? INTENT_LABEL : intProperty(v, INTENT_CODE, 0);
		b.putShort(68, (short) intent);
		b.putShort(70, datatype);
		b.putShort(72, (short) (8 * bytesPerVoxel(null, datatype)));

		final Geometry g = v.geometry();
		// RAS affine = diag(-1,-1,1) * D * diag(spacing); translation = flipped origin
		final double[] dRas = g.direction();
		for (int c = 0; c < 6; c++)
			dRas[c] = -dRas[c];
		final double[] o = g.origin();
		final double[] oRas = { -o[0], -o[1], o[2] };
		final double[] sp = g.spacing();

		// qform: polar (orthogonal) part of dRas, qfac = sign of its determinant
		double[] q = orthogonalPart(dRas);
		final double qfac = Geometry.det(q) < 0 ? -1 : 1;
		if (qfac < 0) for (int r = 0; r < 3; r++)
			q[3 * r + 2] = -q[3 * r + 2];
		final double[] quat = rotationToQuaternion(q);

		b.putFloat(76, (float) qfac);
		for (int i = 0; i < 3; i++)
			b.putFloat(80 + 4 * i, (float) sp[i]);
		for (int i = 3; i < 7; i++)
			b.putFloat(80 + 4 * i, 1f);
		b.putFloat(108, DEFAULT_VOX_OFFSET);
		b.putFloat(112, 1f); // scl_slope 1, scl_inter 0: values as stored
		b.putFloat(116, 0f);
		b.put(123, (byte) 2); // NIFTI_UNITS_MM
		String descrip = DESCRIP_PREFIX + v.valueUnit() + (v.modality().isEmpty() ? "" : " [" + v.modality() + "]");
		putCString(b, 148, 80, descrip);
		final int qcode = intProperty(v, QFORM_CODE, 1), scode = intProperty(v, SFORM_CODE, 1);
		b.putShort(252, (short) (qcode > 0 ? qcode : 1));
		b.putShort(254, (short) (scode > 0 ? scode : 1));
		b.putFloat(256, (float) quat[0]);
		b.putFloat(260, (float) quat[1]);
		b.putFloat(264, (float) quat[2]);
		b.putFloat(268, (float) oRas[0]);
		b.putFloat(272, (float) oRas[1]);
		b.putFloat(276, (float) oRas[2]);
		for (int r = 0; r < 3; r++) {
			for (int c = 0; c < 3; c++)
				b.putFloat(280 + 16 * r + 4 * c, (float) (dRas[3 * r + c] * sp[c]));
			b.putFloat(280 + 16 * r + 12, (float) oRas[r]);
		}
		final String intentName = v.property(INTENT_NAME);
		if (intentName != null) putCString(b, 328, 16, intentName);
		b.put(344, (byte) 'n');
		b.put(345, (byte) '+');
		b.put(346, (byte) '1');
		return b.array();
	}

	private static int intProperty(final Volume<?> v, final String key, final int dflt) {
		final String s = v.property(key);
		if (s == null) return dflt;
		try {
			return Integer.parseInt(s.trim());
		}
		catch (final NumberFormatException e) {
			return dflt;
		}
	}

	private static void putCString(final ByteBuffer b, final int off, final int len, final String s) {
		final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
		int n = Math.min(bytes.length, len - 1);
		// do not cut a UTF-8 sequence in two
		while (n > 0 && n < bytes.length && (bytes[n] & 0xc0) == 0x80)
			n--;
		for (int i = 0; i < n; i++)
			b.put(off + i, bytes[i]);
	}

	/**
	 * The orthogonal factor Q of the polar decomposition M = Q S (iteration Q &lt;- (Q + Q^-T) / 2, which converges
	 * quadratically); for an orthonormal M it returns M.
	 */
	static double[] orthogonalPart(final double[] m) {
		double[] q = m.clone();
		for (int it = 0; it < 100; it++) {
			final double[] inv = Geometry.invert(q);
			final double[] next = new double[9];
			double change = 0;
			for (int r = 0; r < 3; r++)
				for (int c = 0; c < 3; c++) {
					next[3 * r + c] = 0.5 * (q[3 * r + c] + inv[3 * c + r]);
					change = Math.max(change, Math.abs(next[3 * r + c] - q[3 * r + c]));
				}
			q = next;
			if (change < 1e-15) break;
		}
		return q;
	}

	private static void writeData(final RandomAccessibleInterval<?> img, final short datatype, final OutputStream out) throws IOException {
		final int bpv = bytesPerVoxel(null, datatype);
		final long nx = img.dimension(0), ny = img.dimension(1), nz = img.dimension(2);
		final int planeVoxels = (int) (nx * ny);
		final int chunkVoxels = Math.max(1, Math.min(planeVoxels, (1 << 22) / bpv));
		final byte[] chunk = new byte[chunkVoxels * bpv];
		final ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
		final PlanarImg<?, ?> planar = img instanceof PlanarImg && ((PlanarImg<?, ?>) img).numSlices() == nz ? (PlanarImg<?, ?>) img : null;
		for (long z = 0; z < nz; z++) {
			final Object array = planar == null ? null : ((ArrayDataAccess<?>) planar.getPlane((int) z)).getCurrentStorageArray();
			final boolean direct = array != null && matches(array, datatype);
			final Cursor<?> cursor = direct ? null : Views.flatIterable(Views.hyperSlice(img, 2, img.min(2) + z)).cursor();
			for (int off = 0; off < planeVoxels; off += chunkVoxels) {
				final int n = Math.min(chunkVoxels, planeVoxels - off);
				bb.clear();
				if (direct) encodeArray(bb, array, off, n);
				else encodeCursor(bb, cursor, datatype, n);
				out.write(chunk, 0, n * bpv);
			}
		}
	}

	private static boolean matches(final Object array, final short datatype) {
		switch (datatype) {
			case DT_UINT8:
			case DT_INT8:
				return array instanceof byte[];
			case DT_INT16:
			case DT_UINT16:
				return array instanceof short[];
			case DT_INT32:
			case DT_UINT32:
				return array instanceof int[];
			case DT_INT64:
				return array instanceof long[];
			case DT_FLOAT32:
				return array instanceof float[];
			case DT_FLOAT64:
				return array instanceof double[];
			default:
				return false;
		}
	}

	private static void encodeArray(final ByteBuffer bb, final Object a, final int off, final int n) {
		if (a instanceof byte[]) bb.put((byte[]) a, off, n);
		else if (a instanceof short[]) bb.asShortBuffer().put((short[]) a, off, n);
		else if (a instanceof int[]) bb.asIntBuffer().put((int[]) a, off, n);
		else if (a instanceof long[]) bb.asLongBuffer().put((long[]) a, off, n);
		else if (a instanceof float[]) bb.asFloatBuffer().put((float[]) a, off, n);
		else bb.asDoubleBuffer().put((double[]) a, off, n);
	}

	private static void encodeCursor(final ByteBuffer bb, final Cursor<?> c, final short datatype, final int n) {
		for (int i = 0; i < n; i++) {
			final Object t = c.next();
			switch (datatype) {
				case DT_UINT8:
				case DT_INT8:
					bb.put((byte) (t instanceof BooleanType ? (((BooleanType<?>) t).get() ? 1 : 0) : ((IntegerType<?>) t).getIntegerLong()));
					break;
				case DT_INT16:
				case DT_UINT16:
					bb.putShort((short) ((IntegerType<?>) t).getIntegerLong());
					break;
				case DT_INT32:
				case DT_UINT32:
					bb.putInt((int) ((IntegerType<?>) t).getIntegerLong());
					break;
				case DT_INT64:
					bb.putLong(((IntegerType<?>) t).getIntegerLong());
					break;
				case DT_FLOAT32:
					bb.putFloat(((RealType<?>) t).getRealFloat());
					break;
				default:
					bb.putDouble(((RealType<?>) t).getRealDouble());
			}
		}
	}
}
