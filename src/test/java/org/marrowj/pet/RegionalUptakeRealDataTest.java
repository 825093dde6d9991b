package org.marrowj.pet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Iterator;

import org.junit.jupiter.api.Test;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeg;
import org.marrowj.io.DicomSeries;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.marrow.FemoralShaftMarrow;
import org.marrowj.marrow.MarrowRegion;
import org.marrowj.morph.Mask;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** SUV and regional uptake on real PET series: a whole-body FDG PET with a DICOM SEG, and a thigh PET/CT. */
class RegionalUptakeRealDataTest {

	@Test
	void wholeBodyPetSuvAndSegLesions() {
		final File dir = SharedData.require("pet-dicom-wholebody-fdg/dicom");
		final File segFile = SharedData.require("pet-dicom-wholebody-fdg/lesions-seg.dcm");
		final DicomSeries s = DicomSeriesReader.read(dir, null);
		final SuvInputs in = PetSuv.fromPetInfo(s.petInfo(), s.rescaleSlopes());
		assertEquals(SuvInputs.HEADER, in.source(SuvInputs.Key.WEIGHT_KG));
		final SuvResult suv = Suv.compute(in, SuvType.BW);
		// by hand: weight 66.2 kg, dose 381470000 Bq injected 11:39:00, scan start 13:02:44.678, T1/2 6586.2 s
		final double dt = Duration.between(LocalTime.of(11, 39, 0), LocalTime.of(13, 2, 44, 678_000_000)).toNanos() / 1e9;
		final double expected = 66200 / (381470000 * Math.pow(2, -dt / 6586.2));
		System.out.printf("SUVbw factor %.9g g/Bq (by hand %.9g), dt %.3f s%n", suv.suvFactor(), expected, dt);
		assertEquals(expected, suv.suvFactor(), 1e-9 * expected);
		final Volume<FloatType> bq = s.volume();
		final Volume<FloatType> sv = PetSuv.toSuv(bq, suv);
		assertEquals(Volume.SUV, sv.valueUnit());
		assertTrue(sv.geometry().equals(bq.geometry()));
		double maxBq = Double.NEGATIVE_INFINITY, maxSuv = Double.NEGATIVE_INFINITY;
		final Iterator<FloatType> a = Views.flatIterable(bq.image()).iterator(), b = Views.flatIterable(sv.image()).iterator();
		while (a.hasNext()) {
			final double x = a.next().get(), y = b.next().get();
			assertEquals((float) (x * suv.suvFactor()), y, 0f);
			maxBq = Math.max(maxBq, x);
			maxSuv = Math.max(maxSuv, y);
		}
		System.out.printf("volume max %.1f Bq/mL, SUVmax %.3f%n", maxBq, maxSuv);
		assertEquals(maxBq * suv.suvFactor(), maxSuv, 1e-6 * maxSuv);

		final DicomSeg seg = DicomSeg.read(segFile);
		System.out.println("SEG " + seg.volume() + " segments " + seg.table() + " warnings " + seg.warnings());
		assertEquals(2, seg.table().size());
		assertEquals(13, seg.frameSlices().length);
		// every frame lies on a PET slice, and the SEG grid's in-plane origin is the PET's
		final double[] segOrigin = seg.volume().geometry().origin();
		for (int f = 0; f < seg.frameSlices().length; f++) {
			final double[] w = seg.volume().geometry().indexToWorld(0, 0, seg.frameSlices()[f]);
			final double[] u = bq.geometry().worldToIndex(w);
			assertEquals(0, u[0], 0.1);
			assertEquals(0, u[1], 0.1);
			assertEquals(Math.rint(u[2]), u[2], 0.1, "frame " + f + " at PET z " + u[2]);
		}
		assertEquals(0, bq.geometry().worldToIndex(segOrigin)[0], 1e-3);
		final RegionalUptake.Result r = RegionalUptake.compute(sv, seg.volume(), seg.table(), null);
		for (final RegionalUptake.Row row : r.rows()) {
			System.out.println(row);
			assertTrue(row.ok(), row.status);
			assertTrue(row.voxels > 0);
			assertTrue(row.suv_max >= row.suv_mean);
			assertTrue(row.suv_mean > 0);
			assertEquals(0, row.fraction_outside_fov);
		}
		// on the PET's own grid the samples are the PET voxels themselves: mean by direct summation
		final RegionalUptake.Row lesion = r.row(1);
		double sum = 0;
		long n = 0;
		final net.imglib2.RandomAccess<IntType> la = seg.volume().image().randomAccess();
		final net.imglib2.RandomAccess<FloatType> pa = sv.image().randomAccess();
		for (int z = 0; z < seg.volume().depth(); z++)
			for (int y = 0; y < seg.volume().height(); y++)
				for (int x = 0; x < seg.volume().width(); x++) {
					la.setPosition(new long[] { x, y, z });
					if (la.get().get() != 1) continue;
					final double[] u = bq.geometry().worldToIndex(seg.volume().geometry().indexToWorld(x, y, z));
					pa.setPosition(new long[] { Math.round(u[0]), Math.round(u[1]), Math.round(u[2]) });
					sum += pa.get().get();
					n++;
				}
		assertEquals(n, lesion.voxels);
		assertEquals(sum / n, lesion.suv_mean, 1e-4 * lesion.suv_mean);
	}

	@Test
	void segReaderRefusesAnImageThatIsNoSegmentation() {
		final File dir = SharedData.require("pet-dicom-wholebody-fdg/dicom");
		final File first = dir.listFiles()[0];
		final org.marrowj.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(org.marrowj.BadInputException.class,
			() -> DicomSeg.read(first));
		assertTrue(e.getMessage().contains("not a DICOM Segmentation"), e.getMessage());
	}

	@Test
	void thighMarrowSuvFromCtSegmentation() {
		final File ctDir = SharedData.require("petct-thigh-sts027/ct");
		final File petDir = SharedData.require("petct-thigh-sts027/pet");
		final DicomSeries ct = DicomSeriesReader.read(ctDir, null);
		final DicomSeries pet = DicomSeriesReader.read(petDir, null);
		final SuvResult suv = Suv.compute(PetSuv.fromPetInfo(pet.petInfo(), pet.rescaleSlopes()), SuvType.BW);
		assertEquals(1.0, suv.suvFactor());
		final Volume<FloatType> sv = PetSuv.toSuv(pet.volume(), suv);
		final FemoralShaftMarrow.Result seg = FemoralShaftMarrow.segment(ct.volume(), new FemoralShaftMarrow.Settings());
		final MarrowRegion marrow = seg.regions().get(0);
		final Mask full = marrow.fullMask();
		final int[] lab = new int[full.data().length];
		for (int i = 0; i < lab.length; i++)
			lab[i] = full.data()[i];
		final Volume<IntType> labels = ct.volume().withImage(ArrayImgs.ints(lab, ct.volume().width(), ct.volume().height(), ct.volume()
			.depth()), Volume.LABEL);
		final RegionalUptake.Result r = RegionalUptake.compute(sv, labels, null, new RegionalUptake.Settings().shrink_mm(2));
		final RegionalUptake.Row row = r.row(1);
		System.out.println("thigh marrow (" + marrow.side() + ", " + marrow.voxels() + " CT voxels): " + row + " warnings " + r
			.warnings());
		assertTrue(row.ok(), row.status);
		assertTrue(Double.isFinite(row.suv_mean) && row.suv_mean > 0.2 && row.suv_mean < 5, "" + row.suv_mean);
		assertTrue(row.suv_max >= row.suv_mean && row.suv_peak > 0);
	}
}
