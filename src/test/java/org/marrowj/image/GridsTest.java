package org.marrowj.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.marrowj.SharedData;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.Nifti;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

class GridsTest {

	/** A reference grid and the same lattice stored with axes permuted (z,x,y), x reversed and y reversed, then compared voxel by voxel. */
	@Test
	void samelatticeInAnotherStorageOrderIsPresentedOnTheReferenceGridExactly() {
		final double c = Math.cos(0.3), s = Math.sin(0.3);
		final double[] d = { c, -s, 0, s, c, 0, 0, 0, 1 }; // oblique about z
		final Geometry ref = new Geometry(new double[] { 0.7, 1.1, 2.5 }, new double[] { -30, 12, 80 }, d);
		final long[] dims = { 9, 7, 5 };
		// stored grid: axis0 = ref z (reversed), axis1 = ref x, axis2 = ref y (reversed), larger than ref
		final int n0 = 7, n1 = 8, n2 = 9; // covers ref z 0..4 and y 0..6 with room, x only -1..6 (x 7, 8 outside)
		final double[] sd = { -d[2], d[0], -d[1], -d[5], d[3], -d[4], -d[8], d[6], -d[7] };
		final double[] origin = ref.indexToWorld(-1, 8, 5); // stored (0,0,0) = ref (x=-1, y=8, z=5)
		final Geometry stored = new Geometry(new double[] { 2.5, 0.7, 1.1 }, origin, sd);
		final Random rnd = new Random(3);
		final int[] vals = new int[n0 * n1 * n2];
		for (int i = 0; i < vals.length; i++)
			vals[i] = 1 + rnd.nextInt(1000);
		final Volume<IntType> v = new Volume<>(ArrayImgs.ints(vals, n0, n1, n2), stored, Volume.LABEL);
		final Volume<IntType> on = Grids.onGrid(v, ref, dims, 1e-3);
		assertNotNull(on);
		assertArrayEquals(dims, on.dimensions());
		assertEquals(ref, on.geometry());
		final RandomAccess<IntType> ra = on.image().randomAccess();
		final RandomAccess<IntType> sa = v.image().randomAccess();
		int checked = 0, outside = 0;
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final double[] si = stored.worldToIndex(ref.indexToWorld(x, y, z));
					final long[] p = { Math.round(si[0]), Math.round(si[1]), Math.round(si[2]) };
					for (int a = 0; a < 3; a++)
						assertEquals(p[a], si[a], 1e-9);
					ra.setPosition(new long[] { x, y, z });
					final boolean in = p[0] >= 0 && p[1] >= 0 && p[2] >= 0 && p[0] < n0 && p[1] < n1 && p[2] < n2;
					if (in) {
						sa.setPosition(p);
						assertEquals(sa.get().get(), ra.get().get(), "voxel " + x + "," + y + "," + z);
						checked++;
					}
					else {
						assertEquals(0, ra.get().get());
						outside++;
					}
				}
		assertEquals(dims[0] * dims[1] * dims[2], checked + outside);
		assertEquals(true, outside > 0 && checked > 100);
	}

	@Test
	void aGridOffByHalfAVoxelIsNotTheSameLattice() {
		final Geometry ref = Geometry.ofSpacing(1, 1, 1);
		final Volume<IntType> v = new Volume<>(ArrayImgs.ints(4, 4, 4), Geometry.axisAligned(new double[] { 1, 1, 1 },
			new double[] { 0.5, 0, 0 }), Volume.LABEL);
		assertNull(Grids.onGrid(v, ref, new long[] { 4, 4, 4 }, 1e-3));
		final Volume<IntType> w = new Volume<>(ArrayImgs.ints(4, 4, 4), Geometry.ofSpacing(1, 1, 2), Volume.LABEL);
		assertNull(Grids.onGrid(w, ref, new long[] { 4, 4, 4 }, 1e-3));
	}

	/** The TotalSegmentator label map of the real CT is stored bottom-up; on the CT grid, origin and direction equal the CT's. */
	@Test
	void realTotalSegmentatorLabelsLandOnTheDicomGrid() {
		final File dicom = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final File labelsFile = SharedData.require("ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		final Volume<?> ct = DicomSeriesReader.read(dicom, null).volume();
		final Volume<?> labels = Nifti.read(labelsFile);
		final Volume<?> on = onGrid(labels, ct);
		assertNotNull(on, "labels are not on the CT's lattice");
		assertArrayEquals(ct.geometry().origin(), on.geometry().origin(), 1e-3);
		assertArrayEquals(ct.geometry().direction(), on.geometry().direction(), 1e-6);
		// stored origin differs from the CT's (rows bottom-up) but lies on a CT voxel centre within 1e-3 mm
		final double[] idx = ct.geometry().worldToIndex(labels.geometry().origin());
		for (int a = 0; a < 3; a++)
			assertEquals(Math.rint(idx[a]), idx[a], 1e-3 / ct.geometry().spacing(a));
		// each label voxel maps to the same CT voxel through world coordinates as through the view
		final RandomAccess<? extends RealType<?>> lv = labels.image().randomAccess(), ov = on.image().randomAccess();
		final long[] d = labels.dimensions();
		long t12 = 0;
		for (long z = 0; z < d[2]; z++)
			for (long y = 0; y < d[1]; y += 3)
				for (long x = 0; x < d[0]; x += 3) {
					lv.setPosition(new long[] { x, y, z });
					final double[] ci = ct.geometry().worldToIndex(labels.geometry().indexToWorld(x, y, z));
					ov.setPosition(new long[] { Math.round(ci[0]), Math.round(ci[1]), Math.round(ci[2]) });
					assertEquals(lv.get().getRealDouble(), ov.get().getRealDouble());
					if (lv.get().getRealDouble() == 32) t12++;
				}
		assertEquals(true, t12 > 100, "T12 present in the sample");
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Volume<?> onGrid(final Volume<?> v, final Volume<?> ref) {
		return Grids.onGrid((Volume) v, ref.geometry(), ref.dimensions(), 1e-3);
	}

}
