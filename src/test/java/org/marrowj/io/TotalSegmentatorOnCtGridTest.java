package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.junit.jupiter.api.Test;
import org.marrowj.SharedData;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

/**
 * The TotalSegmentator label map of the Siemens T11-T12 CT lies on the CT's own voxel grid (possibly with axes
 * flipped, as NIfTI converters store rows bottom-up): every label voxel centre is a CT voxel centre, and the
 * vertebra labels land on bone.
 */
class TotalSegmentatorOnCtGridTest {

	@Test
	void labelsLandOnTheDicomGridAndOnBone() {
		final File dicom = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final File labelsFile = SharedData.require("ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		final Volume<?> ct = DicomSeriesReader.read(dicom, null).volume();
		final Volume<?> labels = Nifti.read(labelsFile);
		System.out.println("CT:     " + ct.geometry());
		System.out.println("labels: " + labels.geometry());
		assertArrayEquals(ct.dimensions(), labels.dimensions());
		final Geometry gc = ct.geometry(), gl = labels.geometry();

		// every label voxel centre is a CT voxel centre (checked on the 8 corners: the maps are affine)
		final long[] d = labels.dimensions();
		for (int corner = 0; corner < 8; corner++) {
			final long i = (corner & 1) == 0 ? 0 : d[0] - 1, j = (corner & 2) == 0 ? 0 : d[1] - 1, k = (corner & 4) == 0 ? 0 : d[2] - 1;
			final double[] idx = gc.worldToIndex(gl.indexToWorld(i, j, k));
			for (int a = 0; a < 3; a++) {
				assertEquals(Math.rint(idx[a]), idx[a], 1e-3, "corner " + corner + " axis " + a);
				assertTrue(idx[a] > -0.5 && idx[a] < d[a] - 0.5, "corner " + corner + " maps outside the CT");
			}
		}

		// the vertebrae T12 (32) and T11 (33) lie on bone in the CT
		final RandomAccessibleInterval<? extends IntegerType<?>> lab = cast(labels.image());
		final RandomAccess<? extends RealType<?>> ctRa = ct.image().randomAccess();
		final RandomAccess<? extends IntegerType<?>> labRa = lab.randomAccess();
		final double[] sum = new double[2];
		final long[] n = new long[2];
		final double[] w = new double[3], ci = new double[3];
		for (long k = 0; k < d[2]; k++)
			for (long j = 0; j < d[1]; j++)
				for (long i = 0; i < d[0]; i++) {
					labRa.setPosition(new long[] { i, j, k });
					final long l = labRa.get().getIntegerLong();
					if (l != 32 && l != 33) continue;
					gl.indexToWorld(i, j, k, w);
					gc.worldToIndex(w, ci);
					ctRa.setPosition(new long[] { Math.round(ci[0]), Math.round(ci[1]), Math.round(ci[2]) });
					sum[(int) (l - 32)] += ctRa.get().getRealDouble();
					n[(int) (l - 32)]++;
				}
		assertEquals(Volume.HU, ct.valueUnit());
		for (int v = 0; v < 2; v++) {
			final double mean = sum[v] / n[v];
			System.out.printf("label %d: %d voxels, mean %.1f HU%n", 32 + v, n[v], mean);
			assertTrue(n[v] > 1000, "label " + (32 + v) + " has " + n[v] + " voxels");
			assertTrue(mean > 150, "label " + (32 + v) + " mean " + mean + " HU is not bone: the grids do not match");
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(final Object o) {
		return (T) o;
	}
}
