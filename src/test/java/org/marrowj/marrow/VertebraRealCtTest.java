package org.marrowj.marrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.Nifti;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Real CT (Siemens, T11-T12) with its TotalSegmentator labels: the T11 and T12 cores equal an
 * independent computation of the definition (brute-force shrink of the label by 4 mm, largest
 * 26-connected component), and so do their statistics.
 */
class VertebraRealCtTest {

	@Test
	void t11AndT12Cores() {
		final File dicom = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final File labelsFile = SharedData.require("ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		final Volume<FloatType> ct = DicomSeriesReader.read(dicom, null).volume();
		final Volume<?> labels = Nifti.read(labelsFile);
		run(ct, labels);
	}

	private static <L extends RealType<L> & NativeType<L>> void run(final Volume<FloatType> ct, final Volume<?> raw) {
		@SuppressWarnings("unchecked")
		final Volume<L> labels = (Volume<L>) raw;
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		assertEquals(nx, labels.width());
		assertEquals(ny, labels.height());
		assertEquals(nz, labels.depth());
		final VertebralMarrow.Result res = VertebralMarrow.fromLabels(ct, labels, LabelSchemes.totalSegmentator(),
			new VertebralMarrow.Settings());
		// the label map is stored with its rows in the other y order (NIfTI): carry it to the CT grid
		// here by each CT voxel centre's world position and the nearest label voxel
		final int[] stored = Voxels.ints(labels);
		final int[] lab = new int[stored.length];
		final double[] idx = new double[3];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					labels.geometry().worldToIndex(ct.geometry().indexToWorld(x, y, z), idx);
					final long a = Math.round(idx[0]), b = Math.round(idx[1]), c = Math.round(idx[2]);
					assertTrue(Math.abs(idx[0] - a) < 1e-3 && Math.abs(idx[1] - b) < 1e-3 && Math.abs(idx[2] - c) < 1e-3,
						"label voxel centres coincide with the CT's");
					lab[x + nx * (y + ny * z)] = stored[(int) (a + nx * (b + ny * c))];
				}
		final double[] hu = Voxels.values(ct);
		final double[] sp = ct.geometry().spacing();
		for (final String level : new String[] { "T11", "T12" }) {
			final int id = level.equals("T11") ? 33 : 32;
			final MarrowRegion r = res.level(level);
			assertTrue(r != null, level + " not found; regions " + res.regions() + ", warnings " + res.warnings());
			assertEquals(id, r.labelId());
			final byte[] truth = Voxels.largest26(BruteForce.shrink(Voxels.select(lab, id), nx, ny, nz, sp, 4.0), nx, ny, nz);
			final RegionStatistics s = RegionStats.compute(ct, r);
			System.out.println(level + " core: " + s);
			assertTrue(Voxels.count(truth) > 0, level + " truth voxels " + Voxels.count(truth));
			assertEquals(Voxels.count(truth), s.voxels(), level + " voxel count");
			assertEquals(0, Voxels.diff(truth, r), level + " voxels differing from the definition");
			assertEquals(Voxels.mean(hu, truth), s.hu_mean(), 0.01, level + " hu_mean");
		}
		// both vertebrae leave the 20 slices; only T11's posterior elements are in view, so its core is flagged
		assertTrue(res.checks().get(33).contains("posterior half"), res.checks().toString());
		assertTrue(res.checks().get(33).contains("last slice"), res.checks().toString());
		assertEquals("the vertebra is cut by the image's first slice", res.checks().get(32));
		assertTrue(res.skipped().isEmpty());
	}
}
