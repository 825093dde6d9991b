package org.marrowj.marrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeriesReader;

import net.imglib2.type.numeric.real.FloatType;

/** Real CT of a left thigh (GE, STS_027, one femur): the left femoral shaft marrow is found. */
class FemurRealCtTest {

	@Test
	void leftThigh() {
		final File dir = SharedData.require("petct-thigh-sts027/ct");
		final Volume<FloatType> ct = DicomSeriesReader.read(dir, null).volume();
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(ct, new FemoralShaftMarrow.Settings());
		System.out.println("STS_027: " + res.sides().get(0).slicesUsed().length + " of " + ct.depth() + " slices used; warnings " +
			res.warnings());
		assertEquals(1, res.regions().size());
		final MarrowRegion r = res.region("left");
		assertTrue(r != null, "the femur of a left thigh is the patient's left");
		final RegionStatistics s = RegionStats.compute(ct, r);
		System.out.println("STS_027 left femoral marrow: " + s);
		// marrow never holds a voxel at or above the cortical threshold
		final double[] hu = Voxels.values(ct);
		final byte[] full = r.fullMask().data();
		for (int i = 0; i < full.length; i++)
			if (full[i] != 0) assertTrue(hu[i] < 400);
		assertTrue(res.sides().get(0).slicesUsed().length > ct.depth() / 2, "the canal is closed on most slices");
	}
}
