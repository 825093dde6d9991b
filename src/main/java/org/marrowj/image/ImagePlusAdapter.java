package org.marrowj.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.planar.PlanarImg;
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
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import org.marrowj.BadInputException;

/**
 * ImageJ 1.x {@link ImagePlus} &lt;-&gt; {@link Volume}, sharing pixel arrays wherever ImageJ and ImgLib2 store
 * the same thing.
 * <h2>ImagePlus -&gt; Volume ({@link #toVolume})</h2>
 * The stack's plane arrays are wrapped, never copied: 8-bit -&gt; {@code PlanarImg<UnsignedByteType>}, 16-bit -&gt;
 * {@code PlanarImg<UnsignedShortType>}, 32-bit -&gt; {@code PlanarImg<FloatType>}. An 8- or 16-bit image with a
 * density calibration becomes a read-only converted view: a straight line (value = a + b x raw, e.g. CT HU, or
 * ImageJ's signed 16-bit a = -32768, b = 1) gives {@link FloatType} a + b x raw; other calibration functions
 * give {@link FloatType} through the calibration table. RGB and images with several channels or frames are
 * refused. (For a virtual stack the planes are loaded one by one, so they are not shared.)
 * <h2>Volume -&gt; ImagePlus ({@link #toImagePlus})</h2>
 * A {@code PlanarImg} (or a one-slice {@code ArrayImg}) of {@link FloatType}, {@link UnsignedByteType} or
 * {@link UnsignedShortType} is wrapped plane by plane (changes show in both). Everything else is copied:
 * {@link ShortType} to 16-bit raw = value + 32768 with ImageJ's signed 16-bit calibration (exact; ImageJ shows
 * the signed values); other integer types ({@link ByteType}, {@link IntType}, {@link UnsignedIntType},
 * {@link LongType}) to 32-bit float (exact while |value| &le; 2^24, else rounded and marked with
 * {@link #WARNING}); booleans to 8-bit 0/1; any other real type to 32-bit float. When the copy is exact,
 * {@link #TYPE} records the original type and {@link #toVolume} gives back a view of that type.
 * <h2>Geometry</h2>
 * ImageJ's {@link Calibration} holds spacing and an origin but no direction. {@link #toImagePlus} sets the
 * calibration (pixelWidth/Height/Depth = spacing in mm, unit "mm", xOrigin = -origin_x / spacing_x, likewise y
 * and z, value unit) and stores the whole geometry as the property {@link #GEOMETRY} ("sx sy sz;ox oy oz;d00 d01
 * d02 d10 ... d22", full double precision), with {@link #VALUE_UNIT}, {@link #MODALITY} and each volume property
 * under {@link #PROPERTY_PREFIX}. {@link #toVolume} reads the geometry from, in this order: {@link #GEOMETRY}
 * when it agrees with the calibration's spacing (a calibration origin moved by a whole number of voxels, as
 * Image&gt;Crop does, moves the stored origin with it; a size change without an origin change, as the API crops
 * leave it, keeps the stored origin and adds {@link #WARNING}); the DICOM header text of the first slice (0020,0032 Image
 * Position and 0020,0037 Image Orientation; the slice direction and spacing from the second slice's position
 * when present); else the calibration alone (origin = -xOrigin x pixelWidth, ..., identity direction).
 */
public final class ImagePlusAdapter {

	/** "sx sy sz;ox oy oz;d00 d01 d02 d10 d11 d12 d20 d21 d22" (spacing mm, LPS origin mm, row-major direction). */
	public static final String GEOMETRY = "MarrowJ.geometry";
	public static final String VALUE_UNIT = "MarrowJ.valueUnit";
	/** "nx ny nz" of the image when {@link #GEOMETRY} was stored. */
	public static final String DIMS = "MarrowJ.dims";
	public static final String MODALITY = "MarrowJ.modality";
	/** The voxel type of the volume an exact copy came from ("int8", "int16", "int32", "uint32", "int64"). */
	public static final String TYPE = "MarrowJ.type";
	public static final String WARNING = "MarrowJ.warning";
	/** Volume properties are stored as ImagePlus properties under this prefix. */
	public static final String PROPERTY_PREFIX = "MarrowJ.property.";
	/** Volume property: where {@link #toVolume} found the geometry ("MarrowJ", "dicom" or "calibration"). */
	public static final String GEOMETRY_FROM = "imagej.geometry_from";

	private static final double EXACT_FLOAT_LIMIT = 1 << 24;

	private ImagePlusAdapter() {}

	// --------------------------------------------------------------------------------- ImagePlus -> Volume

	/** Wraps the ImagePlus as a Volume (see the class description); throws {@link BadInputException} for RGB or 4D/5D images. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static Volume<?> toVolume(final ImagePlus imp) {
		if (imp == null) throw new BadInputException("image", "no image given");
		final String name = imp.getTitle();
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new BadInputException(name, "has " + imp.getNChannels() + " channels and " + imp.getNFrames() +
				" frames; a volume is one 3D image: split the channels or frames first");
		final int bitDepth = imp.getBitDepth();
		if (bitDepth == 24) throw new BadInputException(name, "is an RGB image; only 8-, 16- and 32-bit grey images are volumes");
		final ImageStack stack = imp.getStack();
		final int w = stack.getWidth(), h = stack.getHeight(), nz = stack.getSize();
		final long[] dims = { w, h, nz };
		final java.util.List<ArrayDataAccess<?>> planes = new java.util.ArrayList<>(nz);
		for (int z = 1; z <= nz; z++) {
			final Object p = stack.getPixels(z);
			if (p instanceof byte[]) planes.add(new ByteArray((byte[]) p));
			else if (p instanceof short[]) planes.add(new ShortArray((short[]) p));
			else if (p instanceof float[]) planes.add(new FloatArray((float[]) p));
			else throw new BadInputException(name, "slice " + z + " has no grey pixels (" + (p == null ? "none" : p.getClass().getSimpleName()) + ")");
		}
		final PlanarImg img = new PlanarImg(planes, dims, new Fraction());
		final RandomAccessibleInterval<?> out;
		final Calibration cal = imp.getCalibration();
		final String type = imp.getProp(TYPE);
		if (bitDepth == 8) img.setLinkedType(new UnsignedByteType(img));
		else if (bitDepth == 16) img.setLinkedType(new UnsignedShortType(img));
		else img.setLinkedType(new FloatType(img));
		if (bitDepth == 32 || !cal.calibrated()) {
			out = bitDepth == 32 && type != null ? fromExactFloat(img, type) : img;
		}
		else if (bitDepth == 16 && cal.isSigned16Bit() && "int16".equals(type)) {
			out = Converters.convert((RandomAccessibleInterval<UnsignedShortType>) img, (a, b) -> b.set((short) (a.get() - 32768)),
				new ShortType());
		}
		else if (cal.getFunction() == Calibration.STRAIGHT_LINE && cal.getCoefficients() != null && cal.getCoefficients().length >= 2) {
			final double a0 = cal.getCoefficients()[0], a1 = cal.getCoefficients()[1];
			out = Converters.convert((RandomAccessibleInterval<IntegerType<?>>) img, (a, b) -> b.set((float) (a0 + a1 * a.getIntegerLong())),
				new FloatType());
		}
		else {
			final float[] table = cal.getCTable();
			out = Converters.convert((RandomAccessibleInterval<IntegerType<?>>) img, (a, b) -> b.set(table[(int) a.getIntegerLong()]),
				new FloatType());
		}

		final Map<String, String> props = new LinkedHashMap<>();
		final Geometry g = geometryOf(imp, props);
		final java.util.Properties ip = imp.getImageProperties();
		if (ip != null) for (final String key : ip.stringPropertyNames())
			if (key.startsWith(PROPERTY_PREFIX)) props.put(key.substring(PROPERTY_PREFIX.length()), ip.getProperty(key));
		props.putIfAbsent("imagej.title", name);
		String unit = imp.getProp(VALUE_UNIT);
		if (unit == null) {
			final String vu = cal.getValueUnit();
			unit = vu == null || vu.equals(Calibration.DEFAULT_VALUE_UNIT) || vu.equals("Gray Value") ? Volume.UNKNOWN : vu;
		}
		String modality = imp.getProp(MODALITY);
		if (modality == null) modality = dicomValue(dicomHeader(imp, 1), "0008,0060");
		return new Volume(out, g, unit, modality == null ? "" : modality.trim(), props);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RandomAccessibleInterval<?> fromExactFloat(final PlanarImg img, final String type) {
		final RandomAccessibleInterval<FloatType> f = img;
		switch (type) {
			case "int8": return Converters.convert(f, (a, b) -> b.set((byte) a.get()), new ByteType());
			case "int32": return Converters.convert(f, (a, b) -> b.set((int) a.get()), new IntType());
			case "uint32": return Converters.convert(f, (a, b) -> b.set((long) a.get()), new UnsignedIntType());
			case "int64": return Converters.convert(f, (a, b) -> b.set((long) a.get()), new LongType());
			default: return img;
		}
	}

	/** The geometry of an ImagePlus (see the class description). */
	public static Geometry geometryOf(final ImagePlus imp) {
		return geometryOf(imp, new LinkedHashMap<>());
	}

	private static Geometry geometryOf(final ImagePlus imp, final Map<String, String> props) {
		final Calibration cal = imp.getCalibration();
		final double mm = mmPerUnit(cal.getUnit());
		if (Double.isNaN(mm)) props.put(WARNING, "calibration unit '" + cal.getUnit() + "' is not a length; its numbers are read as mm");
		final double f = Double.isNaN(mm) ? 1 : mm;
		final double[] sp = { positive(cal.pixelWidth) * f, positive(cal.pixelHeight) * f, positive(cal.pixelDepth) * f };
		final double[] calOriginPx = { cal.xOrigin, cal.yOrigin, cal.zOrigin };

		final Geometry stored = parseGeometry(imp.getProp(GEOMETRY));
		if (stored != null) {
			boolean same = true;
			for (int a = 0; a < 3; a++)
				if (Math.abs(stored.spacing(a) - sp[a]) > 1e-5 * stored.spacing(a)) same = false;
			if (same) {
				final long[] shift = new long[3];
				for (int a = 0; a < 3; a++) {
					final double storedOriginPx = -stored.origin()[a] / stored.spacing(a);
					final double s = storedOriginPx - calOriginPx[a];
					if (Math.abs(s - Math.rint(s)) > 1e-3) same = false;
					shift[a] = Math.round(s);
				}
				if (same) {
					props.put(GEOMETRY_FROM, "MarrowJ");
					final boolean moved = shift[0] != 0 || shift[1] != 0 || shift[2] != 0;
					final String dims = imp.getWidth() + " " + imp.getHeight() + " " + imp.getStackSize();
					final String storedDims = imp.getProp(DIMS);
					if (!moved && storedDims != null && !storedDims.trim().equals(dims))
						props.put(WARNING, "the image size changed from " + storedDims.trim() + " to " + dims +
							" since its geometry was stored, and its calibration origin did not move: the origin is right only if the" +
							" crop started at voxel (0,0,0)");
					return moved ? stored.crop(shift[0], shift[1], shift[2]) : stored;
				}
			}
		}

		final Geometry dicom = dicomGeometry(imp, sp);
		if (dicom != null) {
			props.put(GEOMETRY_FROM, "dicom");
			return dicom;
		}
		props.put(GEOMETRY_FROM, "calibration");
		return Geometry.axisAligned(sp, new double[] { -calOriginPx[0] * sp[0], -calOriginPx[1] * sp[1], -calOriginPx[2] * sp[2] });
	}

	private static double positive(final double v) {
		return v > 0 && Double.isFinite(v) ? v : 1;
	}

	/** mm per calibration length unit, NaN when the unit is not a length (pixel, empty, unknown). */
	static double mmPerUnit(final String unit) {
		if (unit == null) return Double.NaN;
		switch (unit.trim().toLowerCase(Locale.ROOT)) {
			case "mm":
			case "millimeter":
			case "millimetre":
			case "millimeters":
			case "millimetres":
				return 1;
			case "micron":
			case "microns":
			case "um":
			case "\u00b5m":
			case "\u03bcm":
			case "micrometer":
			case "micrometre":
				return 1e-3;
			case "nm":
			case "nanometer":
				return 1e-6;
			case "cm":
			case "centimeter":
			case "centimetre":
				return 10;
			case "m":
			case "meter":
			case "metre":
				return 1000;
			case "inch":
			case "inches":
			case "in":
				return 25.4;
			default:
				return Double.NaN;
		}
	}

	static Geometry parseGeometry(final String s) {
		if (s == null) return null;
		try {
			final String[] parts = s.trim().split(";");
			if (parts.length != 3) return null;
			final double[] sp = numbers(parts[0], 3), o = numbers(parts[1], 3), d = numbers(parts[2], 9);
			if (sp == null || o == null || d == null) return null;
			return new Geometry(sp, o, d);
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	private static double[] numbers(final String s, final int n) {
		final String[] t = s.trim().split("[\\s,\\\\]+");
		if (t.length != n) return null;
		final double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = Double.parseDouble(t[i]);
		return v;
	}

	/** The DICOM header text of slice {@code z} (1-based): the slice label when it holds one, else the Info property (for slice 1). */
	private static String dicomHeader(final ImagePlus imp, final int z) {
		final ImageStack st = imp.getStack();
		if (z <= st.getSize()) {
			final String label = st.getSliceLabel(z);
			if (label != null && label.contains("0020,0032")) return label;
		}
		if (z == 1) {
			final String info = imp.getInfoProperty();
			if (info != null && info.contains("0020,")) return info;
		}
		return null;
	}

	/** The value of tag "gggg,eeee" in ImageJ's DICOM header text ("gggg,eeee  Name: value" lines), or null. */
	static String dicomValue(final String header, final String tag) {
		if (header == null) return null;
		for (final String line : header.split("\n")) {
			final String l = line.trim();
			if (l.startsWith(tag)) {
				final int c = l.indexOf(':');
				return c < 0 ? null : l.substring(c + 1).trim();
			}
		}
		return null;
	}

	private static Geometry dicomGeometry(final ImagePlus imp, final double[] sp) {
		final String h1 = dicomHeader(imp, 1);
		final double[] ipp = parse(dicomValue(h1, "0020,0032"), 3);
		final double[] iop = parse(dicomValue(h1, "0020,0037"), 6);
		if (ipp == null || iop == null) return null;
		final double[] row = unit(iop[0], iop[1], iop[2]), col = unit(iop[3], iop[4], iop[5]);
		if (row == null || col == null) return null;
		final double[] normal = { row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0] };
		double sign = 1;
		double dz = sp[2];
		final double[] ipp2 = parse(dicomValue(dicomHeader(imp, 2), "0020,0032"), 3);
		if (ipp2 != null && imp.getStackSize() > 1) {
			final double proj = (ipp2[0] - ipp[0]) * normal[0] + (ipp2[1] - ipp[1]) * normal[1] + (ipp2[2] - ipp[2]) * normal[2];
			if (Math.abs(proj) > 1e-6) {
				sign = Math.signum(proj);
				dz = Math.abs(proj);
			}
		}
		final double[] d = { row[0], col[0], sign * normal[0], row[1], col[1], sign * normal[1], row[2], col[2], sign * normal[2] };
		try {
			return new Geometry(new double[] { sp[0], sp[1], dz }, ipp, d);
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	private static double[] unit(final double x, final double y, final double z) {
		final double n = Math.sqrt(x * x + y * y + z * z);
		return n > 1e-6 ? new double[] { x / n, y / n, z / n } : null;
	}

	private static double[] parse(final String s, final int n) {
		if (s == null) return null;
		try {
			return numbers(s, n);
		}
		catch (final NumberFormatException e) {
			return null;
		}
	}

	// --------------------------------------------------------------------------------- Volume -> ImagePlus

	/** An ImagePlus showing the volume (see the class description for what is shared and what is copied). */
	public static ImagePlus toImagePlus(final Volume<?> v, final String title) {
		if (v == null) throw new BadInputException("volume", "no volume given");
		final RandomAccessibleInterval<?> img = v.image();
		final long nxL = v.width(), nyL = v.height();
		if (nxL * nyL > Integer.MAX_VALUE - 8)
			throw new BadInputException(title, "slices of " + nxL + "x" + nyL + " voxels are too large for ImageJ");
		final int nx = (int) nxL, ny = (int) nyL, nz = v.depth();
		final Object type = img.getType();
		final ImageStack stack = new ImageStack(nx, ny);
		final Calibration cal = new Calibration();
		String exactType = null;
		String warning = null;

		final Object[] wrapped = wrapPlanes(img, type, nz);
		if (wrapped != null) {
			for (final Object p : wrapped)
				stack.addSlice(null, p);
		}
		else if (type instanceof ShortType) {
			final short[][] planes = new short[nz][nx * ny];
			copy(img, nz, (z, i, t) -> planes[z][i] = (short) (((ShortType) t).get() + 32768));
			for (final short[] p : planes)
				stack.addSlice(null, p);
			cal.setSigned16BitCalibration();
			exactType = "int16";
		}
		else if (type instanceof BooleanType || type instanceof UnsignedByteType) {
			final byte[][] planes = new byte[nz][nx * ny];
			copy(img, nz, (z, i, t) -> planes[z][i] = (byte) (t instanceof BooleanType ? (((BooleanType<?>) t).get() ? 1 : 0)
				: ((UnsignedByteType) t).get()));
			for (final byte[] p : planes)
				stack.addSlice(null, p);
		}
		else if (type instanceof UnsignedShortType) {
			final short[][] planes = new short[nz][nx * ny];
			copy(img, nz, (z, i, t) -> planes[z][i] = (short) ((UnsignedShortType) t).get());
			for (final short[] p : planes)
				stack.addSlice(null, p);
		}
		else {
			final float[][] planes = new float[nz][nx * ny];
			final boolean integer = type instanceof IntegerType;
			final double[] maxAbs = new double[nz];
			copy(img, nz, (z, i, t) -> {
				final double d = ((RealType<?>) t).getRealDouble();
				planes[z][i] = (float) d;
				if (integer) maxAbs[z] = Math.max(maxAbs[z], Math.abs(d));
			});
			for (final float[] p : planes)
				stack.addSlice(null, p);
			if (integer) {
				double m = 0;
				for (final double x : maxAbs)
					m = Math.max(m, x);
				final String name = type instanceof ByteType ? "int8" : type instanceof IntType ? "int32" : type instanceof UnsignedIntType
					? "uint32" : type instanceof LongType ? "int64" : null;
				if (m <= EXACT_FLOAT_LIMIT) exactType = name;
				else warning = "integer values up to " + (long) m + " were rounded to 32-bit float";
			}
		}

		final ImagePlus imp = new ImagePlus(title, stack);
		final Geometry g = v.geometry();
		cal.pixelWidth = g.spacing(0);
		cal.pixelHeight = g.spacing(1);
		cal.pixelDepth = g.spacing(2);
		cal.setUnit("mm");
		final double[] o = g.origin();
		cal.xOrigin = -o[0] / g.spacing(0);
		cal.yOrigin = -o[1] / g.spacing(1);
		cal.zOrigin = -o[2] / g.spacing(2);
		if (!v.valueUnit().isEmpty()) cal.setValueUnit(v.valueUnit());
		imp.setCalibration(cal);
		imp.setProp(GEOMETRY, geometryString(g));
		imp.setProp(DIMS, nx + " " + ny + " " + nz);
		imp.setProp(VALUE_UNIT, v.valueUnit());
		imp.setProp(MODALITY, v.modality());
		if (exactType != null) imp.setProp(TYPE, exactType);
		if (warning != null) imp.setProp(WARNING, warning);
		for (final Map.Entry<String, String> e : v.properties().entrySet())
			if (e.getValue() != null) imp.setProp(PROPERTY_PREFIX + e.getKey(), e.getValue());
		return imp;
	}

	/** "sx sy sz;ox oy oz;d00 ... d22" with every double written exactly. */
	public static String geometryString(final Geometry g) {
		final StringBuilder b = new StringBuilder();
		append(b, g.spacing());
		b.append(';');
		append(b, g.origin());
		b.append(';');
		append(b, g.direction());
		return b.toString();
	}

	private static void append(final StringBuilder b, final double[] v) {
		for (int i = 0; i < v.length; i++)
			b.append(i == 0 ? "" : " ").append(v[i]);
	}

	/** The plane arrays when ImageJ can use them as they are, else null. */
	private static Object[] wrapPlanes(final RandomAccessibleInterval<?> img, final Object type, final int nz) {
		final boolean ok = type instanceof FloatType || type instanceof UnsignedByteType || type instanceof UnsignedShortType;
		if (!ok) return null;
		final Object[] planes = new Object[nz];
		if (img instanceof PlanarImg) {
			final PlanarImg<?, ?> p = (PlanarImg<?, ?>) img;
			if (p.numSlices() != nz) return null;
			for (int z = 0; z < nz; z++) {
				final Object a = ((ArrayDataAccess<?>) p.getPlane(z)).getCurrentStorageArray();
				if (!(a instanceof float[] || a instanceof byte[] || a instanceof short[])) return null;
				planes[z] = a;
			}
			return planes;
		}
		if (img instanceof ArrayImg && nz == 1) {
			final Object a = ((ArrayImg<?, ?>) img).update(null);
			if (!(a instanceof ArrayDataAccess)) return null;
			planes[0] = ((ArrayDataAccess<?>) a).getCurrentStorageArray();
			return planes[0] instanceof float[] || planes[0] instanceof byte[] || planes[0] instanceof short[] ? planes : null;
		}
		return null;
	}

	private interface VoxelSink {
		void accept(int z, int index, Object type);
	}

	/** Visits every voxel, slices in parallel; index = x + nx * y within slice z. */
	private static void copy(final RandomAccessibleInterval<?> img, final int nz, final VoxelSink sink) {
		final long z0 = img.min(2);
		IntStream.range(0, nz).parallel().forEach(z -> {
			final Cursor<?> c = Views.flatIterable(Views.hyperSlice(img, 2, z0 + z)).cursor();
			int i = 0;
			while (c.hasNext())
				sink.accept(z, i++, c.next());
		});
	}
}
