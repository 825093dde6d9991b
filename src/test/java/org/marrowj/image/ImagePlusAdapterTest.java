package org.marrowj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;

class ImagePlusAdapterTest {

	static final Geometry OBLIQUE = new Geometry(new double[] { 0.6, 0.7, 2.5 }, new double[] { -120.3, 33.1, 41.7 },
		rotation(new double[] { 1, 2, 3 }, Math.toRadians(40)));

	static double[] rotation(final double[] axis, final double angle) {
		final double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
		final double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n, c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
		return new double[] { t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x,
			t * x * z - s * y, t * y * z + s * x, t * z * z + c };
	}

	static void fillRamp(final RandomAccessibleInterval<? extends RealType<?>> img, final double scale, final double offset) {
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(img))
			t.setReal(offset + scale * (i++ % 97));
	}

	static void assertSameValues(final RandomAccessibleInterval<?> a, final RandomAccessibleInterval<?> b) {
		assertArrayEquals(a.dimensionsAsLongArray(), b.dimensionsAsLongArray());
		final Cursor<?> ca = Views.flatIterable(a).cursor(), cb = Views.flatIterable(b).cursor();
		int i = 0;
		while (ca.hasNext())
			assertEquals(((RealType<?>) ca.next()).getRealDouble(), ((RealType<?>) cb.next()).getRealDouble(), 0, "voxel " + i++);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void floatVolumeRoundTripKeepsGeometryValuesAndSharesArrays() {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(6, 5, 4);
		fillRamp(img, 1.5, -1000);
		final Volume<FloatType> v = new Volume<>(img, OBLIQUE, Volume.HU, "CT", Map.of("FrameOfReferenceUID", "1.2.3", "note", "a b;c"));
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(v, "ct");
		assertEquals(32, imp.getBitDepth());
		assertEquals(4, imp.getStackSize());
		final Calibration cal = imp.getCalibration();
		assertEquals(0.6, cal.pixelWidth);
		assertEquals(0.7, cal.pixelHeight);
		assertEquals(2.5, cal.pixelDepth);
		assertEquals("mm", cal.getUnit());
		assertEquals(120.3 / 0.6, cal.xOrigin, 1e-12);
		assertEquals("HU", cal.getValueUnit());
		// the arrays are the volume's planes
		for (int z = 0; z < 4; z++)
			assertSame(((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray(), imp.getStack().getPixels(z + 1));

		final Volume<?> back = ImagePlusAdapter.toVolume(imp);
		assertEquals(OBLIQUE, back.geometry(), "geometry kept exactly");
		assertEquals(Volume.HU, back.valueUnit());
		assertEquals("CT", back.modality());
		assertEquals("1.2.3", back.property("FrameOfReferenceUID"));
		assertEquals("a b;c", back.property("note"));
		assertEquals("MarrowJ", back.property(ImagePlusAdapter.GEOMETRY_FROM));
		assertInstanceOf(FloatType.class, back.image().getType());
		assertSameValues(img, back.image());

		// modifying one modifies the other, both ways
		imp.getStack().getProcessor(3).setf(2, 1, 4242f);
		final RandomAccess<FloatType> ra = ((RandomAccessibleInterval<FloatType>) back.image()).randomAccess();
		ra.setPosition(new long[] { 2, 1, 2 });
		assertEquals(4242f, ra.get().get());
		ra.setPosition(new long[] { 5, 4, 0 });
		ra.get().set(-7f);
		assertEquals(-7f, imp.getStack().getProcessor(1).getf(5, 4));
		final RandomAccess<FloatType> orig = img.randomAccess();
		orig.setPosition(new long[] { 2, 1, 2 });
		assertEquals(4242f, orig.get().get());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Test
	void unsignedByteAndShortVolumesAreWrapped() {
		for (final PlanarImg img : new PlanarImg[] { PlanarImgs.unsignedBytes(7, 3, 2), PlanarImgs.unsignedShorts(7, 3, 2) }) {
			fillRamp(img, img.firstElement() instanceof UnsignedByteType ? 2 : 600, 0);
			final Volume<?> v = new Volume(img, OBLIQUE, Volume.LABEL);
			final ImagePlus imp = ImagePlusAdapter.toImagePlus(v, "l");
			assertEquals(img.firstElement() instanceof UnsignedByteType ? 8 : 16, imp.getBitDepth());
			assertSame(((ArrayDataAccess<?>) img.getPlane(1)).getCurrentStorageArray(), imp.getStack().getPixels(2));
			final Volume<?> back = ImagePlusAdapter.toVolume(imp);
			assertEquals(img.firstElement().getClass(), back.image().getType().getClass());
			assertEquals(OBLIQUE, back.geometry());
			assertEquals(Volume.LABEL, back.valueUnit());
			assertSameValues(img, back.image());
			imp.getStack().getProcessor(2).set(0, 0, 77);
			final RandomAccess<? extends IntegerType<?>> ra = ((RandomAccessibleInterval<? extends IntegerType<?>>) back.image()).randomAccess();
			ra.setPosition(new long[] { 0, 0, 1 });
			assertEquals(77, ra.get().getIntegerLong());
		}
	}

	/** ShortType is copied to 16-bit with ImageJ's signed calibration (raw = value + 32768) and comes back as ShortType. */
	@Test
	void signedShortIsCopiedExactlyWithTheSigned16BitCalibration() {
		final PlanarImg<ShortType, ?> img = PlanarImgs.shorts(4, 4, 3);
		fillRamp(img, 600, -30000);
		final RandomAccess<ShortType> w = img.randomAccess();
		w.setPosition(new long[] { 3, 3, 2 });
		w.get().set(Short.MAX_VALUE);
		w.setPosition(new long[] { 0, 0, 0 });
		w.get().set(Short.MIN_VALUE);
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(new Volume<>(img, OBLIQUE, Volume.HU), "s");
		assertEquals(16, imp.getBitDepth());
		assertTrue(imp.getCalibration().isSigned16Bit());
		// ImageJ shows the signed value
		assertEquals(Short.MAX_VALUE, imp.getStack().getProcessor(3).getPixelValue(3, 3), 0);
		assertEquals(Short.MIN_VALUE, imp.getCalibration().getCValue(imp.getStack().getProcessor(1).get(0, 0)), 0);
		final Volume<?> back = ImagePlusAdapter.toVolume(imp);
		assertInstanceOf(ShortType.class, back.image().getType());
		assertSameValues(img, back.image());
		assertEquals(OBLIQUE, back.geometry());
	}

	@Test
	void intLabelsAreCopiedToFloatExactlyAndComeBackAsInt() {
		final PlanarImg<IntType, ?> img = PlanarImgs.ints(4, 4, 2);
		fillRamp(img, 100_000, -16_000_000);
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(new Volume<>(img, OBLIQUE, Volume.LABEL), "i");
		assertEquals(32, imp.getBitDepth());
		final Volume<?> back = ImagePlusAdapter.toVolume(imp);
		assertInstanceOf(IntType.class, back.image().getType());
		assertSameValues(img, back.image());

		img.firstElement().set(1 << 25);
		final ImagePlus lossy = ImagePlusAdapter.toImagePlus(new Volume<>(img, OBLIQUE, Volume.LABEL), "i");
		assertNotNull(lossy.getProp(ImagePlusAdapter.WARNING));
		assertInstanceOf(FloatType.class, ImagePlusAdapter.toVolume(lossy).image().getType());
	}

	/** A plain ImageJ 16-bit CT with value = raw - 1024 (straight-line calibration): FloatType HU view, no copy. */
	@Test
	void calibratedShortImageBecomesAFloatViewOfItsArrays() {
		final ImageStack st = new ImageStack(3, 2);
		for (int z = 0; z < 2; z++) {
			final short[] p = new short[6];
			for (int i = 0; i < 6; i++)
				p[i] = (short) (1000 + 10 * i + z);
			st.addSlice(null, p);
		}
		final ImagePlus imp = new ImagePlus("ct", st);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.8;
		cal.pixelHeight = 0.9;
		cal.pixelDepth = 3;
		cal.setUnit("mm");
		cal.xOrigin = 10;
		cal.yOrigin = -5;
		cal.zOrigin = 2;
		cal.setFunction(Calibration.STRAIGHT_LINE, new double[] { -1024, 1 }, "HU");
		final Volume<?> v = ImagePlusAdapter.toVolume(imp);
		assertInstanceOf(FloatType.class, v.image().getType());
		assertEquals("HU", v.valueUnit());
		assertEquals("calibration", v.property(ImagePlusAdapter.GEOMETRY_FROM));
		assertArrayEquals(new double[] { 0.8, 0.9, 3 }, v.geometry().spacing());
		// origin = -origin_px * spacing
		assertArrayEquals(new double[] { -8, 4.5, -6 }, v.geometry().origin(), 1e-12);
		assertArrayEquals(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, v.geometry().direction());
		final RandomAccess<? extends RealType<?>> ra = v.image().randomAccess();
		ra.setPosition(new long[] { 2, 1, 1 });
		assertEquals(1000 + 10 * 5 + 1 - 1024, ra.get().getRealDouble(), 0);
		// a view, not a copy: the raw array change shows
		((short[]) st.getPixels(2))[5] = 2000;
		assertEquals(2000 - 1024, ra.get().getRealDouble(), 0);
	}

	@Test
	void micronCalibrationIsConvertedToMillimetres() {
		final ImageStack st = new ImageStack(2, 2);
		st.addSlice(null, new float[4]);
		final ImagePlus imp = new ImagePlus("m", st);
		imp.getCalibration().pixelWidth = 250;
		imp.getCalibration().pixelHeight = 250;
		imp.getCalibration().pixelDepth = 1000;
		imp.getCalibration().setUnit("micron");
		assertArrayEquals(new double[] { 0.25, 0.25, 1 }, ImagePlusAdapter.geometryOf(imp).spacing(), 1e-12);
	}

	/**
	 * ImageJ's DICOM header text: ImagePositionPatient and ImageOrientationPatient of slice 1, and slice 2's
	 * position 3 mm below along the normal: the third axis is -normal with spacing 3.
	 */
	@Test
	void dicomHeaderTextGivesTheGeometry() {
		final ImageStack st = new ImageStack(2, 2);
		final double c = Math.cos(Math.toRadians(20)), s = Math.sin(Math.toRadians(20));
		// row (c, s, 0), column (-s, c, 0), normal (0, 0, 1)
		final String iop = c + "\\" + s + "\\0\\" + (-s) + "\\" + c + "\\0";
		st.addSlice("a.dcm\n0008,0060  Modality: CT\n0020,0032  Image Position (Patient): -100\\-120.5\\50\n0020,0037  Image Orientation (Patient): " +
			iop + "\n", new short[4]);
		st.addSlice("b.dcm\n0020,0032  Image Position (Patient): -100\\-120.5\\47\n0020,0037  Image Orientation (Patient): " + iop + "\n",
			new short[4]);
		final ImagePlus imp = new ImagePlus("d", st);
		imp.getCalibration().pixelWidth = 0.7;
		imp.getCalibration().pixelHeight = 0.7;
		imp.getCalibration().pixelDepth = 3;
		imp.getCalibration().setUnit("mm");
		final Volume<?> v = ImagePlusAdapter.toVolume(imp);
		assertEquals("dicom", v.property(ImagePlusAdapter.GEOMETRY_FROM));
		assertEquals("CT", v.modality());
		final Geometry g = v.geometry();
		assertArrayEquals(new double[] { -100, -120.5, 50 }, g.origin(), 1e-12);
		assertArrayEquals(new double[] { 0.7, 0.7, 3 }, g.spacing(), 1e-12);
		assertArrayEquals(new double[] { c, -s, 0, s, c, 0, 0, 0, -1 }, g.direction(), 1e-12);
		assertArrayEquals(new double[] { -100, -120.5, 47 }, g.indexToWorld(0, 0, 1), 1e-12);
	}

	/**
	 * Image&gt;Crop moves the calibration origin by the crop's corner: the stored geometry follows. A crop that
	 * leaves the origin where it was (ImagePlus.crop) keeps the stored geometry with a warning.
	 */
	@Test
	void croppedImageKeepsItsWorldPositionOrWarns() {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(6, 5, 3);
		fillRamp(img, 1, 0);
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(new Volume<>(img, OBLIQUE, Volume.HU), "ct");
		imp.setRoi(2, 1, 3, 3);
		final ImagePlus crop = imp.crop("stack");
		assertEquals(imp.getCalibration().xOrigin, crop.getCalibration().xOrigin, "this ImageJ call leaves the origin");
		Volume<?> v = ImagePlusAdapter.toVolume(crop);
		assertArrayEquals(new long[] { 3, 3, 3 }, v.dimensions());
		assertEquals(OBLIQUE, v.geometry());
		assertTrue(v.property(ImagePlusAdapter.WARNING).contains("6 5 3 to 3 3 3"), v.property(ImagePlusAdapter.WARNING));
		// as Image>Crop does: origin minus the crop corner
		crop.getCalibration().xOrigin -= 2;
		crop.getCalibration().yOrigin -= 1;
		v = ImagePlusAdapter.toVolume(crop);
		final Geometry expected = OBLIQUE.crop(2, 1, 0);
		assertArrayEquals(expected.origin(), v.geometry().origin(), 1e-9);
		assertArrayEquals(expected.direction(), v.geometry().direction(), 0);
		assertEquals(null, v.property(ImagePlusAdapter.WARNING));
	}

	@Test
	void rgbAndHyperstacksAreRefused() {
		final ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(2, 2));
		BadInputException e = assertThrows(BadInputException.class, () -> ImagePlusAdapter.toVolume(rgb));
		assertTrue(e.getMessage().startsWith("rgb: ") && e.getMessage().contains("RGB"), e.getMessage());
		final ImageStack st = new ImageStack(2, 2);
		for (int i = 0; i < 4; i++)
			st.addSlice(null, new float[4]);
		final ImagePlus hyper = new ImagePlus("h", st);
		hyper.setDimensions(2, 2, 1);
		e = assertThrows(BadInputException.class, () -> ImagePlusAdapter.toVolume(hyper));
		assertTrue(e.getMessage().contains("2 channels"), e.getMessage());
	}
}
