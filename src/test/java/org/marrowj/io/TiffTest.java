package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.ImagePlusAdapter;
import org.marrowj.image.Volume;

class TiffTest {

	@TempDir
	Path tmp;

	private static short raw(final int x, final int y, final int z) {
		return (short) (900 + 7 * x + 31 * y + 101 * z);
	}

	/** A 16-bit CT-like stack, value = raw - 1024 HU, 0.5 x 0.25 x 2.5 mm, origin at pixel (4, 2, 1). */
	@Test
	void calibratedSixteenBitStackGivesGeometryAndHu() {
		final ImageStack st = new ImageStack(5, 4);
		for (int z = 0; z < 3; z++) {
			final short[] p = new short[20];
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++)
					p[x + 5 * y] = raw(x, y, z);
			st.addSlice(null, p);
		}
		final ImagePlus imp = new ImagePlus("ct", st);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2.5;
		cal.setUnit("mm");
		cal.xOrigin = 4;
		cal.yOrigin = 2;
		cal.zOrigin = 1;
		cal.setFunction(Calibration.STRAIGHT_LINE, new double[] { -1024, 1 }, "HU");
		final File f = tmp.resolve("ct.tif").toFile();
		assertTrue(new FileSaver(imp).saveAsTiffStack(f.getPath()));

		final Volume<?> v = Tiff.read(f);
		assertArrayEquals(new long[] { 5, 4, 3 }, v.dimensions());
		assertArrayEquals(new double[] { 0.5, 0.25, 2.5 }, v.geometry().spacing(), 1e-6);
		assertArrayEquals(new double[] { -2, -0.5, -2.5 }, v.geometry().origin(), 1e-6);
		assertArrayEquals(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, v.geometry().direction());
		assertEquals(Volume.HU, v.valueUnit());
		assertEquals(f.getPath(), v.property("source"));
		assertInstanceOf(FloatType.class, v.image().getType());
		final Cursor<? extends RealType<?>> c = Views.flatIterable(v.image()).localizingCursor();
		while (c.hasNext()) {
			final double val = c.next().getRealDouble();
			assertEquals(raw(c.getIntPosition(0), c.getIntPosition(1), c.getIntPosition(2)) - 1024, val, 0);
		}
	}

	@Test
	void micronFloatStackAndSigned16Bit() {
		final ImageStack st = new ImageStack(3, 2);
		st.addSlice(null, new float[] { -1.5f, 0, 2.25f, 1e6f, -3e-3f, 7 });
		st.addSlice(null, new float[] { 1, 2, 3, 4, 5, 6 });
		final ImagePlus imp = new ImagePlus("f", st);
		imp.getCalibration().pixelWidth = 500;
		imp.getCalibration().pixelHeight = 400;
		imp.getCalibration().pixelDepth = 1500;
		imp.getCalibration().setUnit("micron");
		final File f = tmp.resolve("f.tiff").toFile();
		assertTrue(new FileSaver(imp).saveAsTiffStack(f.getPath()));
		final Volume<?> v = Tiff.read(f);
		assertArrayEquals(new double[] { 0.5, 0.4, 1.5 }, v.geometry().spacing(), 1e-6);
		assertEquals(Volume.UNKNOWN, v.valueUnit());
		final Cursor<? extends RealType<?>> c = Views.flatIterable(v.image()).cursor();
		for (final float x : new float[] { -1.5f, 0, 2.25f, 1e6f, -3e-3f, 7, 1, 2, 3, 4, 5, 6 })
			assertEquals(x, c.next().getRealFloat());

		final ImageStack s16 = new ImageStack(2, 1);
		s16.addSlice(null, new short[] { 0, (short) 65535 });
		final ImagePlus signed = new ImagePlus("s", s16);
		signed.getCalibration().setSigned16BitCalibration();
		final File g = tmp.resolve("s.tif").toFile();
		assertTrue(new FileSaver(signed).saveAsTiff(g.getPath()));
		final Volume<?> sv = Tiff.read(g);
		final Cursor<? extends RealType<?>> sc = Views.flatIterable(sv.image()).cursor();
		assertEquals(-32768, sc.next().getRealDouble(), 0);
		assertEquals(32767, sc.next().getRealDouble(), 0);
	}

	/** A volume shown in ImageJ and saved as TIFF by ImageJ comes back with its whole geometry and type. */
	@Test
	void volumeSavedByImageJKeepsItsObliqueGeometry() {
		final PlanarImg<ShortType, ?> img = PlanarImgs.shorts(4, 3, 2);
		int i = 0;
		for (final ShortType t : img)
			t.set((short) (-1024 + 37 * i++));
		final Geometry g = new Geometry(new double[] { 0.7, 0.8, 3.3 }, new double[] { -12.345678901, 98.7654321, -0.1 },
			new double[] { 0, 1, 0, -1, 0, 0, 0, 0, -1 });
		final Volume<ShortType> v = new Volume<>(img, g, Volume.HU, "CT", Map.of("SeriesInstanceUID", "1.2.840.1"));
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(v, "ct");
		final File f = tmp.resolve("v.tif").toFile();
		assertTrue(new FileSaver(imp).saveAsTiffStack(f.getPath()));
		final Volume<?> back = Tiff.read(f);
		assertEquals(g, back.geometry());
		assertEquals(Volume.HU, back.valueUnit());
		assertEquals("CT", back.modality());
		assertEquals("1.2.840.1", back.property("SeriesInstanceUID"));
		assertInstanceOf(ShortType.class, back.image().getType());
		final Cursor<ShortType> a = img.cursor();
		final Cursor<?> b = Views.flatIterable(back.image()).cursor();
		while (a.hasNext())
			assertEquals(a.next().get(), ((ShortType) b.next()).get());
	}

	@Test
	void badFilesAreRefusedNamingTheFile() throws IOException {
		final File f = tmp.resolve("not.tif").toFile();
		Files.write(f.toPath(), "this is not a TIFF file at all".getBytes());
		BadInputException e = assertThrows(BadInputException.class, () -> Tiff.read(f));
		assertTrue(e.getMessage().startsWith(f.getPath() + ": "), e.getMessage());
		final File rgb = tmp.resolve("rgb.tif").toFile();
		assertTrue(new FileSaver(new ImagePlus("rgb", new ColorProcessor(3, 3))).saveAsTiff(rgb.getPath()));
		e = assertThrows(BadInputException.class, () -> Tiff.read(rgb));
		assertTrue(e.getMessage().startsWith(rgb.getPath() + ": ") && e.getMessage().contains("RGB"), e.getMessage());
		final File missing = tmp.resolve("missing.tif").toFile();
		e = assertThrows(BadInputException.class, () -> Tiff.read(missing));
		assertTrue(e.getMessage().contains("no such file"));
	}
}
