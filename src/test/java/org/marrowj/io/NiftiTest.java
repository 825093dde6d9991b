package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

class NiftiTest {

	@TempDir
	Path tmp;

	// ------------------------------------------------------------------ round trips

	static double[] rotation(final double[] axis, final double angle) {
		final double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
		final double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n, c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
		return new double[] { t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x,
			t * x * z - s * y, t * y * z + s * x, t * z * z + c };
	}

	static final double[] SPACING = { 0.6, 0.75, 2.5 };
	static final double[] ORIGIN = { -120.25, 33.5, 41.125 };

	static Map<String, Geometry> geometries() {
		final Map<String, Geometry> g = new LinkedHashMap<>();
		g.put("identity LPS (180 degrees about z in RAS)", Geometry.axisAligned(SPACING, ORIGIN));
		g.put("oblique", new Geometry(SPACING, ORIGIN, rotation(new double[] { 1, 2, 3 }, Math.toRadians(40))));
		final double[] neg = rotation(new double[] { -2, 1, 0.5 }, Math.toRadians(25));
		for (int r = 0; r < 3; r++)
			neg[3 * r + 2] = -neg[3 * r + 2];
		g.put("negative determinant", new Geometry(SPACING, ORIGIN, neg));
		g.put("180 degrees about x", new Geometry(SPACING, ORIGIN, new double[] { 1, 0, 0, 0, -1, 0, 0, 0, -1 }));
		g.put("180 degrees about (1,1,0)", new Geometry(SPACING, ORIGIN, rotation(new double[] { 1, 1, 0 }, Math.PI)));
		g.put("flipped x only", new Geometry(SPACING, ORIGIN, new double[] { -1, 0, 0, 0, 1, 0, 0, 0, 1 }));
		return g;
	}

	static final String[] TYPES = { "uint8", "int8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64" };

	static Stream<Arguments> roundTripCases() {
		final List<Arguments> a = new ArrayList<>();
		final List<String> gs = new ArrayList<>(geometries().keySet());
		int i = 0;
		for (final String t : TYPES)
			for (final String ext : new String[] { ".nii", ".nii.gz" })
				a.add(Arguments.of(t, ext, gs.get(i++ % gs.size())));
		for (final String g : gs)
			a.add(Arguments.of("float32", ".nii.gz", g));
		return a.stream();
	}

	static PlanarImg<?, ?> image(final String type, final long... d) {
		switch (type) {
			case "uint8": return PlanarImgs.unsignedBytes(d);
			case "int8": return PlanarImgs.bytes(d);
			case "int16": return PlanarImgs.shorts(d);
			case "uint16": return PlanarImgs.unsignedShorts(d);
			case "int32": return PlanarImgs.ints(d);
			case "uint32": return PlanarImgs.unsignedInts(d);
			case "int64": return PlanarImgs.longs(d);
			case "float32": return PlanarImgs.floats(d);
			case "float64": return PlanarImgs.doubles(d);
			default: throw new IllegalArgumentException(type);
		}
	}

	/** Fills with random values over the type's whole range, the extremes at the first voxels. */
	static void fill(final RandomAccessibleInterval<? extends RealType<?>> img, final long seed) {
		final Random rnd = new Random(seed);
		final Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
		final RealType<?> t0 = img.getType();
		int k = 0;
		while (c.hasNext()) {
			final RealType<?> t = c.next();
			if (t instanceof IntegerType) {
				final IntegerType<?> it = (IntegerType<?>) t;
				if (t instanceof net.imglib2.type.numeric.integer.LongType) {
					it.setInteger(k == 0 ? Long.MIN_VALUE : k == 1 ? Long.MAX_VALUE : rnd.nextLong());
				}
				else {
					final double min = t0.getMinValue(), max = t0.getMaxValue();
					final long v = k == 0 ? (long) min : k == 1 ? (long) max : (long) min + (long) Math.floor(rnd.nextDouble() * (max - min + 1));
					it.setInteger(v);
				}
			}
			else if (t instanceof FloatType) {
				final float[] special = { Float.NaN, -0f, Float.MAX_VALUE, -Float.MIN_VALUE, Float.NEGATIVE_INFINITY };
				((FloatType) t).set(k < special.length ? special[k] : (float) (rnd.nextGaussian() * 1000));
			}
			else {
				final double[] special = { Double.NaN, -0d, Double.MAX_VALUE, -Double.MIN_VALUE, 1e-300 };
				t.setReal(k < special.length ? special[k] : rnd.nextGaussian() * 1e6);
			}
			k++;
		}
	}

	static void assertSameValues(final RandomAccessibleInterval<?> a, final RandomAccessibleInterval<?> b) {
		assertArrayEquals(a.dimensionsAsLongArray(), b.dimensionsAsLongArray());
		final Cursor<?> ca = Views.flatIterable(a).cursor(), cb = Views.flatIterable(b).cursor();
		long i = 0;
		while (ca.hasNext()) {
			final Object x = ca.next(), y = cb.next();
			if (x instanceof IntegerType)
				assertEquals(((IntegerType<?>) x).getIntegerLong(), ((IntegerType<?>) y).getIntegerLong(), "voxel " + i);
			else {
				final double dx = ((RealType<?>) x).getRealDouble(), dy = ((RealType<?>) y).getRealDouble();
				assertEquals(Double.doubleToLongBits(dx), Double.doubleToLongBits(dy), "voxel " + i + ": " + dx + " vs " + dy);
			}
			i++;
		}
	}

	static void assertSameGeometry(final Geometry expected, final Geometry actual, final double tol) {
		assertArrayEquals(expected.spacing(), actual.spacing(), tol, "spacing");
		assertArrayEquals(expected.origin(), actual.origin(), tol * Math.max(1, maxAbs(expected.origin())), "origin");
		assertArrayEquals(expected.direction(), actual.direction(), tol, "direction");
	}

	private static double maxAbs(final double[] v) {
		double m = 0;
		for (final double x : v)
			m = Math.max(m, Math.abs(x));
		return m;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("roundTripCases")
	void roundTripIsExact(final String type, final String ext, final String geometryName) throws IOException {
		final PlanarImg img = image(type, 7, 5, 4);
		fill(img, type.hashCode() + ext.hashCode());
		final Geometry g = geometries().get(geometryName);
		final Volume<?> v = new Volume(img, g, Volume.HU, "CT", null);
		final File f = tmp.resolve("rt" + ext).toFile();
		Nifti.write(v, f);
		final Volume<?> back = Nifti.read(f);
		assertEquals(img.getType().getClass(), back.image().getType().getClass(), "voxel type");
		assertInstanceOf(PlanarImg.class, back.image());
		assertSameValues(img, back.image());
		assertSameGeometry(g, back.geometry(), 1e-6);
		assertEquals(Volume.HU, back.valueUnit());
		assertEquals("CT", back.modality());
		assertEquals("1", back.property(Nifti.SFORM_CODE));
		assertEquals("1", back.property(Nifti.QFORM_CODE));
		assertEquals("sform", back.property(Nifti.GEOMETRY_FROM));
		assertNull(back.property(Nifti.WARNING));
		// nothing but the final file in the folder: the temporary file was renamed
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(List.of("rt" + ext), s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList()));
		}
	}

	/** The qform written beside the sform describes the same grid: read with the sform switched off. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	@ParameterizedTest(name = "{0}")
	@MethodSource("geometryNames")
	void writtenQformAloneGivesTheSameGeometry(final String geometryName) throws IOException {
		final Geometry g = geometries().get(geometryName);
		final PlanarImg img = image("int16", 3, 4, 5);
		final File f = tmp.resolve("q.nii").toFile();
		Nifti.write(new Volume(img, g, Volume.HU), f);
		final byte[] bytes = Files.readAllBytes(f.toPath());
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0); // sform_code = 0
		Files.write(f.toPath(), bytes);
		final Volume<?> back = Nifti.read(f);
		assertEquals("qform", back.property(Nifti.GEOMETRY_FROM));
		assertSameGeometry(g, back.geometry(), 1e-6);
	}

	static Stream<String> geometryNames() {
		return geometries().keySet().stream();
	}

	@Test
	void quaternionOfEveryHalfTurnAndQuarterTurnIsExact() {
		// all 24 proper rotations that permute the axes (including the 180-degree ones where a = 0)
		int n = 0;
		for (final int[] p : new int[][] { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } })
			for (int signs = 0; signs < 8; signs++) {
				final double[] r = new double[9];
				for (int c = 0; c < 3; c++)
					r[3 * p[c] + c] = ((signs >> c) & 1) == 1 ? -1 : 1;
				if (org.marrowj.image.Geometry.det(r) < 0) continue;
				final double[] q = Nifti.rotationToQuaternion(r);
				assertArrayEquals(r, Nifti.quaternionToRotation(q[0], q[1], q[2]), 1e-12, Arrays.toString(r));
				n++;
			}
		assertEquals(24, n);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void labelUnitBecomesTheLabelIntentAndStaysInteger() throws IOException {
		final PlanarImg img = image("uint8", 4, 4, 2);
		fill(img, 3);
		final File f = tmp.resolve("labels.nii.gz").toFile();
		Nifti.write(new Volume(img, Geometry.ofSpacing(1, 1, 1), Volume.LABEL), f);
		final byte[] h = new byte[348];
		try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.FileInputStream(f))) {
			assertEquals(348, in.readNBytes(h, 0, 348));
		}
		assertEquals(Nifti.INTENT_LABEL, ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getShort(68));
		final Volume<?> back = Nifti.read(f);
		assertEquals(Volume.LABEL, back.valueUnit());
		assertInstanceOf(UnsignedByteType.class, back.image().getType());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void overwritingReplacesTheFileWhole() throws IOException {
		final File f = tmp.resolve("o.nii").toFile();
		final PlanarImg a = image("float32", 20, 20, 20);
		fill(a, 1);
		Nifti.write(new Volume(a, Geometry.ofSpacing(1, 1, 1), ""), f);
		final PlanarImg b = image("uint8", 2, 2, 2);
		fill(b, 2);
		Nifti.write(new Volume(b, Geometry.ofSpacing(2, 2, 2), ""), f);
		assertEquals(352 + 8, f.length());
		assertSameValues(b, Nifti.read(f).image());
	}

	// ------------------------------------------------------------------ hand-built headers

	private File writeFile(final String name, final NiftiHeaderBuilder h, final byte[] data, final boolean gz) throws IOException {
		final File f = tmp.resolve(name).toFile();
		NiftiHeaderBuilder.write(f, h.file(data), gz);
		return f;
	}

	private static float[] ramp(final int n) {
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = i * 0.5f - 3;
		return v;
	}

	/** qform only, identity quaternion: world_RAS = diag(pixdim) * ijk + qoffset. */
	@Test
	void rasQformOnly() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 3, 4);
		h.pixdim = new float[] { 1, 0.5f, 0.75f, 2, 0, 0, 0, 0 };
		h.qformCode = 1;
		h.qx = 10;
		h.qy = 20;
		h.qz = 30;
		final Volume<?> v = Nifti.read(writeFile("q.nii", h, h.floats(ramp(24)), false));
		assertEquals("qform", v.property(Nifti.GEOMETRY_FROM));
		assertArrayEquals(new double[] { 0.5, 0.75, 2 }, v.geometry().spacing(), 1e-7);
		assertArrayEquals(new double[] { -10, -20, 30 }, v.geometry().origin(), 1e-7);
		assertArrayEquals(new double[] { -1, 0, 0, 0, -1, 0, 0, 0, 1 }, v.geometry().direction(), 1e-7);
		// voxel (1,2,3): RAS (10 + 0.5, 20 + 1.5, 30 + 6) -> LPS (-10.5, -21.5, 36)
		assertArrayEquals(new double[] { -10.5, -21.5, 36 }, v.geometry().indexToWorld(1, 2, 3), 1e-6);
		final RandomAccess<FloatType> ra = ((RandomAccessibleInterval<FloatType>) v.image()).randomAccess();
		ra.setPosition(new long[] { 1, 2, 3 });
		assertEquals(ramp(24)[1 + 2 * 2 + 3 * 6], ra.get().get());
		assertEquals("1", v.property(Nifti.QFORM_CODE));
		assertEquals("0", v.property(Nifti.SFORM_CODE));
	}

	/**
	 * qform with a 90-degree rotation about z (a = d = sqrt(1/2)) and qfac = -1. nifti1.h: R = [[0,-1,0],[1,0,0],[0,0,1]],
	 * world_RAS = R * (0.5 i, 0.75 j, -2 k) + (10, 20, 30) = (10 - 0.75 j, 20 + 0.5 i, 30 - 2 k), so LPS =
	 * (0.75 j - 10, -0.5 i - 20, 30 - 2 k).
	 */
	@Test
	void qformRotatedWithNegativeQfac() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 3, 4);
		h.pixdim = new float[] { -1, 0.5f, 0.75f, 2, 0, 0, 0, 0 };
		h.qformCode = 1;
		h.qd = (float) Math.sqrt(0.5);
		h.qx = 10;
		h.qy = 20;
		h.qz = 30;
		final Geometry g = Nifti.read(writeFile("qr.nii", h, h.floats(ramp(24)), false)).geometry();
		for (final int[] ijk : new int[][] { { 0, 0, 0 }, { 1, 2, 3 }, { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }) {
			final int i = ijk[0], j = ijk[1], k = ijk[2];
			assertArrayEquals(new double[] { 0.75 * j - 10, -0.5 * i - 20, 30 - 2 * k }, g.indexToWorld(i, j, k), 1e-6);
		}
		assertArrayEquals(new double[] { 0.5, 0.75, 2 }, g.spacing(), 1e-7);
		assertArrayEquals(new double[] { 0, 1, 0, -1, 0, 0, 0, 0, -1 }, g.direction(), 1e-6);
	}

	/** sform only, diagonal: LPS = (0.8 i - 100, 50 - 0.9 j, 3 k - 20). */
	@Test
	void sformOnly() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		h.sformCode = 2;
		h.srow = new float[][] { { -0.8f, 0, 0, 100 }, { 0, 0.9f, 0, -50 }, { 0, 0, 3, -20 } };
		final Volume<?> v = Nifti.read(writeFile("s.nii", h, h.floats(ramp(8)), false));
		assertEquals("sform", v.property(Nifti.GEOMETRY_FROM));
		assertEquals("2", v.property(Nifti.SFORM_CODE));
		assertArrayEquals(new double[] { 0.8, 0.9, 3 }, v.geometry().spacing(), 1e-6);
		assertArrayEquals(new double[] { -100, 50, -20 }, v.geometry().origin(), 1e-6);
		assertArrayEquals(new double[] { 1, 0, 0, 0, -1, 0, 0, 0, 1 }, v.geometry().direction(), 1e-7);
		assertArrayEquals(new double[] { 0.8 - 100, 50 - 0.9, 3 - 20 }, v.geometry().indexToWorld(1, 1, 1), 1e-5);
	}

	/**
	 * Oblique sform: 30 degrees about the RAS x axis with spacing (1, 2, 3): columns (1,0,0), 2(0,c,s), 3(0,-s,c).
	 * LPS columns: (-1,0,0), (0,-c,s), (0,s,c); origin (-5,-6,7). Also in a big-endian file.
	 */
	@Test
	void obliqueSformLittleAndBigEndian() throws IOException {
		final double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
		for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(3, 2, 2);
			h.order = order;
			h.datatype = 4;
			h.bitpix = 16;
			h.sformCode = 1;
			h.qformCode = 1; // a qform that disagrees: the sform has priority
			h.qx = 999;
			h.srow = new float[][] { { 1, 0, 0, 5 }, { 0, (float) (2 * c), (float) (-3 * s), 6 }, { 0, (float) (2 * s), (float) (3 * c), 7 } };
			final short[] data = new short[12];
			for (int i = 0; i < 12; i++)
				data[i] = (short) (i * 1000 - 6000);
			final Volume<?> v = Nifti.read(writeFile("ob-" + order + ".nii", h, h.shorts(data), false));
			final Geometry g = v.geometry();
			assertArrayEquals(new double[] { 1, 2, 3 }, g.spacing(), 1e-6, order.toString());
			assertArrayEquals(new double[] { -5, -6, 7 }, g.origin(), 1e-6);
			assertArrayEquals(new double[] { -1, 0, 0, 0, -c, s, 0, s, c }, g.direction(), 1e-6);
			// voxel (2,1,1): RAS = (5 + 2, 6 + 2c - 3s, 7 + 2s + 3c)
			assertArrayEquals(new double[] { -7, -(6 + 2 * c - 3 * s), 7 + 2 * s + 3 * c }, g.indexToWorld(2, 1, 1), 1e-5);
			assertInstanceOf(ShortType.class, v.image().getType());
			final Cursor<?> cur = Views.flatIterable(v.image()).cursor();
			for (int i = 0; i < 12; i++)
				assertEquals(data[i], ((ShortType) cur.next()).get());
		}
	}

	@Test
	void noOrientationFallsBackToPixdimWithAWarning() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		h.pixdim = new float[] { 0, 1.5f, 2.5f, 3.5f, 0, 0, 0, 0 };
		final Volume<?> v = Nifti.read(writeFile("n.nii", h, h.floats(ramp(8)), false));
		assertEquals("pixdim", v.property(Nifti.GEOMETRY_FROM));
		assertNotNull(v.property(Nifti.WARNING));
		assertArrayEquals(new double[] { 1.5, 2.5, 3.5 }, v.geometry().spacing());
		assertArrayEquals(new double[3], v.geometry().origin());
	}

	@Test
	void micronUnitsAreConvertedToMillimetres() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		h.xyztUnits = 3; // micron
		h.sformCode = 1;
		h.srow = new float[][] { { 500, 0, 0, 1000 }, { 0, 250, 0, 0 }, { 0, 0, 2000, -4000 } };
		final Geometry g = Nifti.read(writeFile("um.nii", h, h.floats(ramp(8)), false)).geometry();
		assertArrayEquals(new double[] { 0.5, 0.25, 2 }, g.spacing(), 1e-9);
		assertArrayEquals(new double[] { -1, 0, -4 }, g.origin(), 1e-9);
	}

	/** int16 with scl_slope 2 and scl_inter -1024 reads as FloatType stored * 2 - 1024; slope NaN keeps ShortType. */
	@Test
	void scalingGivesFloatValuesAndNoScalingKeepsIntegers() throws IOException {
		final short[] data = { -32768, -1, 0, 1, 100, 32767, 7, 8 };
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		h.datatype = 4;
		h.bitpix = 16;
		h.sclSlope = 2;
		h.sclInter = -1024;
		final Volume<?> v = Nifti.read(writeFile("sc.nii.gz", h, h.shorts(data), true));
		assertInstanceOf(FloatType.class, v.image().getType());
		final Cursor<?> c = Views.flatIterable(v.image()).cursor();
		for (final short s : data)
			assertEquals(s * 2f - 1024f, ((FloatType) c.next()).get());
		assertEquals("2.0 -1024.0", v.property(Nifti.SCALING));

		for (final float slope : new float[] { Float.NaN, 0f, 1f }) {
			h.sclSlope = slope;
			h.sclInter = slope == 1 ? 0 : 55;
			final Volume<?> u = Nifti.read(writeFile("nosc.nii", h, h.shorts(data), false));
			assertInstanceOf(ShortType.class, u.image().getType(), "slope " + slope);
			final Cursor<?> cu = Views.flatIterable(u.image()).cursor();
			for (final short s : data)
				assertEquals(s, ((ShortType) cu.next()).get());
		}
	}

	@Test
	void twoDAndSingleVolume4DAreRead() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(3, 2);
		Volume<?> v = Nifti.read(writeFile("2d.nii", h, h.floats(ramp(6)), false));
		assertArrayEquals(new long[] { 3, 2, 1 }, v.dimensions());
		h.dims(3, 2, 1, 1);
		v = Nifti.read(writeFile("4d1.nii", h, h.floats(ramp(6)), false));
		assertArrayEquals(new long[] { 3, 2, 1 }, v.dimensions());
	}

	@Test
	void extensionBytesBeforeVoxOffsetAreSkipped() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		h.voxOffset = 352 + 1024;
		for (final boolean gz : new boolean[] { false, true }) {
			final Volume<?> v = Nifti.read(writeFile("ext" + gz + ".nii" + (gz ? ".gz" : ""), h, h.floats(ramp(8)), gz));
			final Cursor<?> c = Views.flatIterable(v.image()).cursor();
			for (final float x : ramp(8))
				assertEquals(x, ((FloatType) c.next()).get());
		}
	}

	// ------------------------------------------------------------------ bad input

	private BadInputException bad(final File f, final String... phrases) {
		final BadInputException e = assertThrows(BadInputException.class, () -> Nifti.read(f));
		assertTrue(e.getMessage().startsWith(f.getPath() + ": "), e.getMessage());
		for (final String p : phrases)
			assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
		return e;
	}

	@Test
	void truncatedFilesAreRefused() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(4, 4, 4);
		final byte[] full = h.file(h.floats(ramp(64)));
		final File f = tmp.resolve("t.nii").toFile();
		Files.write(f.toPath(), Arrays.copyOf(full, full.length - 10));
		bad(f, "shorter than the data", "truncated");
		Files.write(f.toPath(), Arrays.copyOf(full, 200));
		bad(f, "too short for a NIfTI-1 header");
		// gzip of a truncated file: complete gzip stream, too little data
		final File g = tmp.resolve("t.nii.gz").toFile();
		NiftiHeaderBuilder.write(g, Arrays.copyOf(full, full.length - 10), true);
		bad(g, "data end early", "truncated");
		// a gzip file cut in the middle
		NiftiHeaderBuilder.write(g, full, true);
		final byte[] gzBytes = Files.readAllBytes(g.toPath());
		Files.write(g.toPath(), Arrays.copyOf(gzBytes, gzBytes.length / 2));
		bad(g, "truncated");
	}

	@Test
	void corruptGzipIsRefused() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(16, 16, 16);
		final float[] v = new float[4096];
		final Random r = new Random(5);
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextFloat();
		final File g = tmp.resolve("c.nii.gz").toFile();
		NiftiHeaderBuilder.write(g, h.file(h.floats(v)), true);
		final byte[] b = Files.readAllBytes(g.toPath());
		for (int i = b.length / 2; i < b.length / 2 + 40; i++)
			b[i] ^= 0x5a;
		Files.write(g.toPath(), b);
		bad(g, "gzip");
	}

	@Test
	void gzipHoldingFarMoreThanAnnouncedIsRefusedWithoutReadingItAll() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		final File g = tmp.resolve("bomb.nii.gz").toFile();
		NiftiHeaderBuilder.write(g, h.file(new byte[32 + 20_000_000]), true);
		bad(g, "more than", "announces");
		final File f = tmp.resolve("long.nii").toFile();
		NiftiHeaderBuilder.write(f, h.file(new byte[32 + 2_000_000]), false);
		bad(f, "more than the data its header announces");
	}

	@Test
	void voxOffsetBeyondTheFileIsRefused() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
		h.voxOffset = 1_000_000;
		final File f = tmp.resolve("vo.nii").toFile();
		final byte[] bytes = new NiftiHeaderBuilder().dims(2, 2, 2).file(h.floats(ramp(8)));
		System.arraycopy(h.header(), 0, bytes, 0, 348);
		Files.write(f.toPath(), bytes);
		bad(f, "vox_offset 1000000", "beyond the end of the file");
		h.voxOffset = 100;
		NiftiHeaderBuilder.write(f, h.file(h.floats(ramp(8))), false);
		bad(f, "vox_offset 100", "inside");
	}

	@Test
	void badDimensionsAreRefused() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(4, 0, 4);
		final File f = tmp.resolve("d.nii").toFile();
		NiftiHeaderBuilder.write(f, h.file(h.floats(ramp(16))), false);
		bad(f, "dim[2] = 0");
		h.dims(4, -3, 4);
		NiftiHeaderBuilder.write(f, h.file(h.floats(ramp(16))), false);
		bad(f, "dim[2] = -3");
		h.dims(4, 4, 4);
		h.dim[0] = 9;
		NiftiHeaderBuilder.write(f, h.file(h.floats(ramp(64))), false);
		bad(f, "dim[0] = 9");
		h.dims(2, 2, 2, 3);
		NiftiHeaderBuilder.write(f, h.file(h.floats(ramp(24))), false);
		bad(f, "4D image with 3 volumes");
		// huge: 32767^3 float voxels announced in a small gzip (no file length to compare with)
		h.dims(32767, 32767, 32767);
		final File g = tmp.resolve("huge.nii.gz").toFile();
		NiftiHeaderBuilder.write(g, h.file(h.floats(ramp(8))), true);
		bad(g, "Java heap");
		NiftiHeaderBuilder.write(f, h.file(h.floats(ramp(8))), false);
		bad(f, "shorter than the data");
	}

	@Test
	void voxelLimitFromTheSystemPropertyIsApplied() throws IOException {
		final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(10, 10, 10);
		final File f = tmp.resolve("lim.nii").toFile();
		NiftiHeaderBuilder.write(f, h.file(h.floats(new float[1000])), false);
		final String old = System.getProperty("marrowj.maxVoxels");
		System.setProperty("marrowj.maxVoxels", "999");
		try {
			bad(f, "10x10x10", "1000 voxels", "999", "marrowj.maxVoxels");
			System.setProperty("marrowj.maxVoxels", "1000");
			assertEquals(1000, Nifti.read(f).voxelCount());
		}
		finally {
			if (old == null) System.clearProperty("marrowj.maxVoxels");
			else System.setProperty("marrowj.maxVoxels", old);
		}
	}

	@Test
	void unsupportedDatatypesAndNonNiftiFilesAreRefused() throws IOException {
		final File f = tmp.resolve("u.nii").toFile();
		for (final int[] dt : new int[][] { { 32, 64 }, { 128, 24 }, { 1280, 64 }, { 1536, 128 }, { 99, 8 } }) {
			final NiftiHeaderBuilder h = new NiftiHeaderBuilder().dims(2, 2, 2);
			h.datatype = (short) dt[0];
			h.bitpix = (short) dt[1];
			NiftiHeaderBuilder.write(f, h.file(new byte[8 * 16]), false);
			bad(f, "unsupported NIfTI datatype " + dt[0] + " (" + Nifti.datatypeName(dt[0]) + ")");
		}
		Files.write(f.toPath(), new byte[400]);
		bad(f, "not a NIfTI-1 file");
		final NiftiHeaderBuilder pair = new NiftiHeaderBuilder().dims(2, 2, 2);
		pair.magic = "ni1";
		NiftiHeaderBuilder.write(f, pair.file(new byte[32]), false);
		bad(f, ".hdr/.img pair");
		final NiftiHeaderBuilder n2 = new NiftiHeaderBuilder();
		n2.sizeofHdr = 540;
		NiftiHeaderBuilder.write(f, n2.file(new byte[600]), false);
		bad(f, "NIfTI-2");
		bad(tmp.resolve("missing.nii").toFile(), "no such file");
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void unwritableTypesAndSizesAreRefusedNamingTheFile() {
		final File f = tmp.resolve("w.nii").toFile();
		final RandomAccessibleInterval big = PlanarImgs.unsignedBytes(40000, 1, 1);
		BadInputException e = assertThrows(BadInputException.class, () -> Nifti.write(new Volume(big, Geometry.ofSpacing(1, 1, 1), ""), f));
		assertTrue(e.getMessage().startsWith(f.getPath()) && e.getMessage().contains("32767"), e.getMessage());
		final RandomAccessibleInterval cplx = PlanarImgs.unsignedBytes(2, 2, 2);
		final RandomAccessibleInterval conv = net.imglib2.converter.Converters.convert(cplx,
			(a, b) -> ((net.imglib2.type.numeric.integer.Unsigned12BitType) b).set(((UnsignedByteType) a).get()),
			new net.imglib2.type.numeric.integer.Unsigned12BitType());
		e = assertThrows(BadInputException.class, () -> Nifti.write(new Volume(conv, Geometry.ofSpacing(1, 1, 1), ""), f));
		assertTrue(e.getMessage().contains("Unsigned12BitType"), e.getMessage());
		assertFalse(f.exists());
	}

	/** A converted (non-planar) view is written through a cursor, with the same values. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void viewsAreWrittenThroughACursor() throws IOException {
		final PlanarImg<UnsignedByteType, ?> src = PlanarImgs.unsignedBytes(5, 4, 3);
		fill(src, 9);
		final RandomAccessibleInterval<FloatType> view = net.imglib2.converter.Converters.convert((RandomAccessibleInterval<UnsignedByteType>) src,
			(a, b) -> b.set(a.get() * 0.5f - 3), new FloatType());
		final File f = tmp.resolve("view.nii").toFile();
		Nifti.write(new Volume(Views.translate(view, 0, 0, 0), Geometry.ofSpacing(1, 1, 1), ""), f);
		assertSameValues(view, Nifti.read(f).image());
	}

	// ------------------------------------------------------------------ real data

	@Test
	void totalSegmentatorLabelsReadAsIntegerLabels() {
		final File f = SharedData.require("ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		final Volume<?> v = Nifti.read(f);
		System.out.println("TotalSegmentator labels: " + v + " " + v.properties());
		assertArrayEquals(new long[] { 512, 512, 20 }, v.dimensions());
		assertInstanceOf(IntegerType.class, v.image().getType());
		final TreeSet<Long> labels = new TreeSet<>();
		for (final Object t : Views.flatIterable(v.image()))
			labels.add(((IntegerType<?>) t).getIntegerLong());
		System.out.println("labels present: " + labels);
		assertTrue(labels.contains(32L) && labels.contains(33L), labels.toString());
		assertTrue(labels.contains(0L));
		assertEquals(0.9765625, v.geometry().spacing(0), 1e-6);
		assertEquals(0.9765625, v.geometry().spacing(1), 1e-6);
		// this header carries an sform (code 2, aligned to another image)
		assertEquals("sform", v.property(Nifti.GEOMETRY_FROM));
		// orthonormal direction
		final double[] d = v.geometry().direction();
		for (int c = 0; c < 3; c++)
			assertEquals(1, d[c] * d[c] + d[3 + c] * d[3 + c] + d[6 + c] * d[6 + c], 1e-6);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void realLabelsRoundTripExactly() {
		final File f = SharedData.require("ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		final Volume<?> v = Nifti.read(f);
		final File out = tmp.resolve("labels.nii.gz").toFile();
		Nifti.write(v, out);
		final Volume<?> back = Nifti.read(out);
		assertEquals(v.image().getType().getClass(), back.image().getType().getClass());
		assertSameValues(v.image(), back.image());
		assertSameGeometry(v.geometry(), back.geometry(), 1e-6);
		assertEquals("2", back.property(Nifti.SFORM_CODE), "the scanner-vs-aligned sform code is kept");
	}
}
