package org.marrowj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.marrowj.phantom.FemurPhantomTest.bytes;
import static org.marrowj.phantom.FemurPhantomTest.floats;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.type.numeric.real.FloatType;

class PetCtPhantomTest {

	static final double[] ACT = { 0, 1500, 3000, 1000, 8000, 1000, 12000, 1000 };

	/** CT at 1 mm, PET at 4 mm with every PET voxel exactly 4x4x4 CT voxels. */
	static PetCtOptions aligned(final double fwhm) {
		final PetCtOptions o = new PetCtOptions();
		o.ct.size(200, 120, 16).spacing(1, 1, 1);
		o.ct.noiseSd_hu = 0;
		final double[] ctOrigin = o.ct.geometry().origin();
		o.petOrigin_mm = new double[] { ctOrigin[0] + 1.5, ctOrigin[1] + 1.5, ctOrigin[2] + 1.5 };
		o.petSize = new int[] { 50, 30, 4 };
		o.fwhm_mm = fwhm;
		return o;
	}

	@Test
	void unblurredAlignedPetIsTheMeanActivityOfItsCtVoxels() {
		final Phantom p = Phantoms.petct(aligned(0));
		final Volume<FloatType> pet = p.pet().get();
		assertEquals(Volume.BQML, pet.valueUnit());
		assertEquals("PT", pet.modality());
		assertEquals(p.image().property("FrameOfReferenceUID"), pet.property("FrameOfReferenceUID"));
		final float[] v = floats(pet);
		final byte[] t = bytes(p.tissues());
		int pure = 0, pureLeft = 0, pureRight = 0;
		for (int k = 0; k < 4; k++)
			for (int j = 0; j < 30; j++)
				for (int i = 0; i < 50; i++) {
					double sum = 0;
					int first = -1;
					boolean uniform = true;
					for (int z = 4 * k; z < 4 * k + 4; z++)
						for (int y = 4 * j; y < 4 * j + 4; y++)
							for (int x = 4 * i; x < 4 * i + 4; x++) {
								final int id = t[z * 200 * 120 + y * 200 + x];
								sum += ACT[id];
								if (first < 0) first = id;
								else if (id != first) uniform = false;
							}
					final float pv = v[k * 1500 + j * 50 + i];
					assertEquals(sum / 64, pv, 1e-3);
					if (uniform) {
						pure++;
						assertEquals((float) ACT[first], pv, 0f);
						if (first == FemurModel.MARROW_LEFT) pureLeft++;
						if (first == FemurModel.MARROW_RIGHT) pureRight++;
					}
				}
		assertTrue(pure > 1000 && pureLeft > 0 && pureRight > 0, pure + " " + pureLeft + " " + pureRight);
	}

	@Test
	void blurredPetKeepsTheActivityFarFromEdgesAndSpreadsAtEdges() {
		final Phantom sharp = Phantoms.petct(aligned(0));
		final Phantom blurred = Phantoms.petct(aligned(6));
		final float[] a = floats(sharp.pet().get()), b = floats(blurred.pet().get());
		// kernel radius: ceil(3 * 6/2.3548 / 4) = 2 voxels; uniform 5x5 in-plane neighbourhood (z is uniform along the stack
		// except for the slow radius change, so require uniformity over all 4 slices)
		int checked = 0, changed = 0;
		for (int j = 2; j < 28; j++)
			for (int i = 2; i < 48; i++) {
				boolean uniform = true;
				final float c = a[1 * 1500 + j * 50 + i];
				for (int k = 0; k < 4; k++)
					for (int dj = -2; dj <= 2; dj++)
						for (int di = -2; di <= 2; di++)
							if (a[k * 1500 + (j + dj) * 50 + i + di] != c) uniform = false;
				if (uniform && (c == 3000 || c == 1500 || c == 0)) {
					assertEquals(c, b[1 * 1500 + j * 50 + i], 1e-3 * Math.max(1, c));
					checked++;
				}
				if (Math.abs(a[1500 + j * 50 + i] - b[1500 + j * 50 + i]) > 10) changed++;
			}
		assertTrue(checked > 100 && changed > 50, checked + " " + changed);
		@SuppressWarnings("unchecked")
		final Map<String, Object> psf = (Map<String, Object>) ((Map<String, Object>) blurred.truth().get("pet")).get("psf");
		assertEquals(6 / (2 * Math.sqrt(2 * Math.log(2))), (Double) psf.get("sigma_mm"), 1e-12);
	}

	@Test
	void kernelIsNormalisedGaussian() {
		final double[] w = PetCtModel.kernel(2.0, 1.0);
		assertEquals(13, w.length);
		double s = 0;
		for (final double x : w)
			s += x;
		assertEquals(1, s, 1e-12);
		assertEquals(Math.exp(-0.5), w[6 + 2] / w[6], 1e-12);
	}

	@Test
	void rotatedShiftedPetKeepsSidesInWorldSpace() {
		final PetCtOptions o = new PetCtOptions();
		o.ct.size(128, 80, 12).spacing(1.6, 1.6, 2);
		o.petRotation_deg = 30;
		o.petShift_mm = new double[] { 1.3, -2.1, 0.7 };
		o.fwhm_mm = 0;
		final Phantom p = Phantoms.petct(o);
		final Volume<FloatType> pet = p.pet().get();
		final Geometry g = pet.geometry();
		assertEquals(Math.cos(Math.PI / 6), g.direction(0, 0), 1e-12);
		final float[] v = floats(pet);
		final int nx = pet.width(), ny = pet.height();
		int left = 0, right = 0;
		for (int k = 0; k < pet.depth(); k++)
			for (int j = 0; j < ny; j++)
				for (int i = 0; i < nx; i++) {
					final double[] w = g.indexToWorld(i, j, k);
					final double half = 2 * Math.sqrt(3); // half diagonal of a 4 mm voxel
					final double dl = Math.hypot(w[0] - 51, w[1] - 3), dr = Math.hypot(w[0] + 51, w[1] - 3);
					if (dl + half < 7.1) {
						assertEquals(8000f, v[(k * ny + j) * nx + i], 0f);
						left++;
					}
					if (dr + half < 7.1) {
						assertEquals(12000f, v[(k * ny + j) * nx + i], 0f);
						right++;
					}
					if (Math.abs(w[0]) > 100 || Math.abs(w[1]) > 60) assertEquals(0f, v[(k * ny + j) * nx + i], 0f);
				}
		assertTrue(left > 0 && right > 0, left + " " + right);
		assertArrayEquals(v, floats(Phantoms.petct(o).pet().get()));
	}

	@Test
	void suvFactorFollowsTheDecayFormula() {
		final Phantom p = Phantoms.generate("petct", new int[] { 64, 64, 8 }, 4);
		@SuppressWarnings("unchecked")
		final Map<String, Object> suv = (Map<String, Object>) ((Map<String, Object>) p.truth().get("pet")).get("suv");
		// 75 kg, 350 MBq, one hour of 18F (T = 6586.2 s)
		final double expect = 75000 / (3.5e8 * Math.pow(2, -3600 / 6586.2));
		assertEquals(expect, (Double) suv.get("suvbw_per_bqml"), 1e-15);
		assertEquals(3600.0, suv.get("delay_s"));
		final Volume<FloatType> pet = p.pet().get();
		assertEquals("20240115093000", pet.property("RadiopharmaceuticalStartDateTime"));
		assertEquals("START", pet.property("DecayCorrection"));
		assertEquals(50, pet.width(), "default PET covers the fitted CT field of view: 64 x 3.125 mm = 200 mm = 50 x 4 mm");
	}
}
