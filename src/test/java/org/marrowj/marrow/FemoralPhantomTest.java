package org.marrowj.marrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.phantom.FemurOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

import net.imglib2.type.numeric.real.FloatType;

/** Femoral shaft marrow on the project's femur phantom, against truths computed from its tissue map. */
class FemoralPhantomTest {

	static final int MARROW_LEFT = 4, MARROW_RIGHT = 6;

	static void check(final Phantom p, final FemoralShaftMarrow.Result res, final String side, final int marrowTissue,
		final double truthHu)
	{
		final Volume<FloatType> ct = p.image();
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final int[] tissue = Voxels.ints(p.tissues());
		final byte[] truth = BruteForce.shrink(Voxels.select(tissue, marrowTissue), nx, ny, nz, ct.geometry().spacing(), 1.0);
		final MarrowRegion r = res.region(side);
		final RegionStatistics s = RegionStats.compute(ct, r);
		final double truthMl = Voxels.count(truth) * ct.geometry().voxelVolume_mm3() / 1000;
		assertEquals(truthHu, s.hu_mean(), 1.0, side + " hu_mean");
		assertEquals(truthMl, s.volume_ml(), 0.02 * truthMl, side + " volume_ml");
		// the definition holds exactly on this phantom (no partial volume: tissue decided at voxel centres)
		assertEquals(0, Voxels.diff(truth, r), side + ": voxels differing from the brute-force truth");
		// no cortical voxel inside
		final double[] hu = Voxels.values(ct);
		final byte[] full = r.fullMask().data();
		for (int i = 0; i < full.length; i++)
			if (full[i] != 0) assertTrue(hu[i] < 400, "voxel >= 400 HU in the marrow");
		assertEquals(MarrowRegion.Site.FEMORAL_SHAFT, r.site());
	}

	@ParameterizedTest
	@CsvSource({ "false,false", "true,false", "false,true", "true,true" })
	void bothSidesAnyStorageOrder(final boolean flipX, final boolean flipY) {
		final FemurOptions o = new FemurOptions();
		o.flipX = flipX;
		o.flipY = flipY;
		final Phantom p = Phantoms.femur(o);
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(p.image(), new FemoralShaftMarrow.Settings());
		assertEquals(2, res.regions().size());
		check(p, res, "left", MARROW_LEFT, o.marrowLeft_hu);
		check(p, res, "right", MARROW_RIGHT, o.marrowRight_hu);
		// canal open at both ends of the stack: every slice used, first and last included
		final int nz = p.image().depth();
		assertEquals(nz, res.side("left").slicesUsed().length);
		final MarrowRegion left = res.region("left");
		assertEquals(0, left.offset()[2]);
		assertEquals(nz, left.offset()[2] + left.mask().nz());
	}

	@Test
	void ringTouchingAnotherBone() {
		final FemurOptions o = new FemurOptions();
		o.touchingBone = true;
		final Phantom p = Phantoms.femur(o);
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(p.image(), new FemoralShaftMarrow.Settings());
		assertEquals(2, res.regions().size());
		check(p, res, "left", MARROW_LEFT, o.marrowLeft_hu);
		check(p, res, "right", MARROW_RIGHT, o.marrowRight_hu);
	}

	@Test
	void ringOpenOnMiddleSlicesIsReported() {
		final FemurOptions o = new FemurOptions();
		o.openRing = true; // right femur, middle third of the stack
		final Phantom p = Phantoms.femur(o);
		final FemoralShaftMarrow.Result res = FemoralShaftMarrow.segment(p.image(), new FemoralShaftMarrow.Settings());
		final int[] skipped = res.side("right").slicesSkipped();
		assertTrue(skipped.length > 0);
		// skipped = exactly the slices where the phantom's right ring has its gap (cortex voxels replaced by muscle)
		final int[] tissue = Voxels.ints(p.tissues());
		final FemurOptions closed = new FemurOptions();
		final int[] closedTissue = Voxels.ints(Phantoms.femur(closed).tissues());
		final int nx = p.image().width(), ny = p.image().height(), nz = p.image().depth();
		final boolean[] gap = new boolean[nz];
		for (int i = 0; i < tissue.length; i++)
			if (closedTissue[i] == 5 && tissue[i] != 5) gap[i / (nx * ny)] = true;
		final int[] expected = java.util.stream.IntStream.range(0, nz).filter(z -> gap[z]).toArray();
		assertEquals(Arrays.toString(expected), Arrays.toString(skipped));
		assertEquals(0, res.side("left").slicesSkipped().length);
		assertTrue(res.warnings().stream().anyMatch(w -> w.startsWith("right femur: no closed cortical ring")), res.warnings().toString());
	}

	@Test
	void ringNeverClosedIsAnError() {
		final FemurOptions o = new FemurOptions();
		o.openRing = true;
		o.openRingZ_mm = new double[] { -1000, 1000 };
		final Phantom p = Phantoms.femur(o);
		// only the right thigh (world x < 0): columns whose world x is negative
		final Volume<FloatType> ct = p.image();
		final int nx = ct.width();
		int x0 = nx, x1 = -1;
		for (int x = 0; x < nx; x++)
			if (ct.geometry().indexToWorld(x, 0, 0)[0] < 0) {
				x0 = Math.min(x0, x);
				x1 = Math.max(x1, x);
			}
		final FemoralShaftMarrow.Settings s = new FemoralShaftMarrow.Settings().roiBox(x0, 0, x1, ct.height() - 1);
		final BadInputException e = assertThrows(BadInputException.class, () -> FemoralShaftMarrow.segment(ct, s));
		assertTrue(e.getMessage().contains("no closed cortical ring found on any slice"), e.getMessage());
	}
}
