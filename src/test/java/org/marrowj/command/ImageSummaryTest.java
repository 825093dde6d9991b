package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class ImageSummaryTest {

	@Test
	void rangeSkipsNaNAndCoversEverySlice() {
		final float[] v = new float[4 * 3 * 5];
		for (int i = 0; i < v.length; i++)
			v[i] = i % 7 - 3;
		v[4 * 3 * 4 + 5] = 250; // last slice
		v[0] = -1000; // first voxel
		v[7] = Float.NaN;
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(v, 4, 3, 5);
		assertArrayEquals(new double[] { -1000, 250 }, ImageSummary.range(img), 0);
		// an interval not starting at 0 (a view): slices are indexed from its min
		assertArrayEquals(new double[] { -3, 250 }, ImageSummary.range(Views.interval(img, new long[] { 0, 0, 1 }, new long[] { 3, 2,
			4 })), 0);
	}

	@Test
	void allNaNGivesNaN() {
		final float[] v = { Float.NaN, Float.NaN };
		final double[] r = ImageSummary.range(ArrayImgs.floats(v, 1, 1, 2));
		assertEquals(Double.NaN, r[0]);
		assertEquals(Double.NaN, r[1]);
	}

	@Test
	void describeGivesGeometryRows() {
		final double[] dir = { 0, 0, 1, 1, 0, 0, 0, -1, 0 };
		final Geometry g = new Geometry(new double[] { 0.5, 0.75, 3 }, new double[] { -10, 20, 30.5 }, dir);
		final Volume<FloatType> vol = new Volume<>(ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3), g, Volume.HU, "CT",
			null);
		final Map<String, Object> m = ImageSummary.describe(vol);
		assertArrayEquals(new long[] { 1, 2, 3 }, (long[]) m.get("dimensions"));
		assertArrayEquals(new double[] { 0.5, 0.75, 3 }, (double[]) m.get("spacing_mm"), 0);
		assertArrayEquals(new double[] { -10, 20, 30.5 }, (double[]) m.get("origin_mm"), 0);
		@SuppressWarnings("unchecked")
		final List<double[]> rows = (List<double[]>) m.get("direction");
		assertArrayEquals(new double[] { 0, 0, 1 }, rows.get(0), 0);
		assertArrayEquals(new double[] { 1, 0, 0 }, rows.get(1), 0);
		assertArrayEquals(new double[] { 0, -1, 0 }, rows.get(2), 0);
		assertEquals("CT", m.get("modality"));
		assertEquals("HU", m.get("value_unit"));
		assertEquals(1.0, m.get("min"));
		assertEquals(6.0, m.get("max"));
	}

	@Test
	void infiniteOrAllNaNValuesGiveNullBoundsWithANote() {
		final float[] a = { 1, 2, Float.POSITIVE_INFINITY, -5 };
		final Map<String, Object> m = ImageSummary.describe(new Volume<>(ArrayImgs.floats(a, 2, 2, 1), Geometry.ofSpacing(1, 1, 1),
			Volume.UNKNOWN));
		assertEquals(-5.0, m.get("min"));
		assertEquals(null, m.get("max"));
		assertEquals("the image holds infinite values (min -5.0, max Infinity)", m.get("value_note"));
		final Map<String, Object> n = ImageSummary.describe(new Volume<>(ArrayImgs.floats(new float[] { Float.NaN }, 1, 1, 1), Geometry
			.ofSpacing(1, 1, 1), Volume.UNKNOWN));
		assertEquals(null, n.get("min"));
		assertEquals("every voxel is NaN", n.get("value_note"));
		org.marrowj.io.Json.compact(m); // writable as JSON
		org.marrowj.io.Json.compact(n);
	}
}
