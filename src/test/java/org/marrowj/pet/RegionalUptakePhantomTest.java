package org.marrowj.pet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.phantom.PetCtOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Regional uptake on PET/CT phantoms whose PET grid is shifted, coarser and rotated, against the phantom's exact truth. */
class RegionalUptakePhantomTest {

	static final int MARROW_LEFT = 4, MARROW_RIGHT = 6;

	/** A PET/CT phantom with a wide marrow canal (inner radius 17 mm) so that a shrunk core is free of the PSF's spill-over. */
	static Phantom phantom(final double fwhm_mm, final double rotation_deg, final double[] shift_mm) {
		final PetCtOptions o = new PetCtOptions();
		o.ct.outerRadius_mm = 24;
		o.ct.innerRadius_mm = 17;
		o.ct.nz = 40;
		o.fwhm_mm = fwhm_mm;
		o.petRotation_deg = rotation_deg;
		o.petShift_mm = shift_mm;
		return Phantoms.petct(o);
	}

	@SuppressWarnings("unchecked")
	static double truth(final Phantom p, final String key, final String tissue) {
		final Map<String, Object> pet = (Map<String, Object>) p.truth().get("pet");
		if (key.equals("activity_bqml")) return ((Number) ((Map<String, Object>) pet.get(key)).get(tissue)).doubleValue();
		final Map<String, Object> suv = (Map<String, Object>) pet.get("suv");
		if (tissue == null) return ((Number) suv.get(key)).doubleValue();
		return ((Number) ((Map<String, Object>) suv.get(key)).get(tissue)).doubleValue();
	}

	@Test
	void marrowSuvMeanWithinOnePercentOnShiftedCoarserRotatedPet() {
		final Phantom p = phantom(6, 23, new double[] { 3.3, -2.1, 1.7 });
		final Volume<FloatType> pet = p.pet().get();
		assertFalse(pet.geometry().sameGrid(p.image().geometry(), 1e-3));
		final Map<String, String> header = new HashMap<>(pet.properties());
		final SuvResult suv = Suv.compute(SuvInputs.fromHeader(header), SuvType.BW);
		assertEquals(truth(p, "suvbw_per_bqml", null), suv.suvFactor(), 1e-12 * suv.suvFactor());
		final Volume<FloatType> suvPet = PetSuv.toSuv(pet, suv);
		assertEquals(Volume.SUV, suvPet.valueUnit());
		final RegionalUptake.Result r = RegionalUptake.compute(suvPet, p.tissues(), p.tissueNames(),
			new RegionalUptake.Settings().shrink_mm(7));
		for (final int id : new int[] { MARROW_LEFT, MARROW_RIGHT }) {
			final RegionalUptake.Row row = r.row(id);
			final String name = p.tissueNames().name(id);
			final double t = truth(p, "suvbw_per_tissue", name);
			System.out.printf("%s: suv_mean %.5f truth %.5f (%.3f%%), sd %.4f, max %.4f, peak %.4f, voxels %d%n", name, row.suv_mean, t,
				100 * (row.suv_mean / t - 1), row.suv_sd, row.suv_max, row.suv_peak, row.voxels);
			assertTrue(row.ok(), row.status);
			assertEquals(t, row.suv_mean, 0.01 * t, name);
			assertEquals(0, row.fraction_outside_fov);
			assertEquals(t, row.suv_peak, 0.01 * t, name + " peak");
		}
		// unshrunk, the blur pulls the marrow mean well below the truth: the shrink is what makes it exact
		final RegionalUptake.Row raw = RegionalUptake.compute(suvPet, p.tissues(), p.tissueNames(), null).row(MARROW_RIGHT);
		assertTrue(raw.suv_mean < 0.97 * truth(p, "suvbw_per_tissue", "marrow_right"), "unshrunk " + raw.suv_mean);
	}

	@Test
	void worldPointToPetIndexAndBack() {
		final Phantom p = phantom(6, 37, new double[] { -5.5, 4.25, 2.0 });
		final PetCtMapping m = new PetCtMapping(p.pet().get(), p.image(), false);
		final double[] sp = p.pet().get().geometry().spacing();
		final java.util.Random rnd = new java.util.Random(1);
		for (int i = 0; i < 1000; i++) {
			final double[] w = { rnd.nextDouble() * 200 - 100, rnd.nextDouble() * 200 - 100, rnd.nextDouble() * 80 - 40 };
			final double[] u = m.worldToPetIndex(w);
			final double[] back = m.petIndexToWorld(u);
			for (int d = 0; d < 3; d++)
				assertEquals(w[d], back[d], 1e-9 * 100);
			// the same point through a CT voxel index
			final double[] ctIdx = p.image().geometry().worldToIndex(w);
			final double[] u2 = m.otherToPetIndex(ctIdx[0], ctIdx[1], ctIdx[2]);
			for (int d = 0; d < 3; d++)
				assertEquals(u[d], u2[d], 0.1 * 1e-6 / sp[d] + 1e-9);
		}
	}

	/**
	 * A sharp PET (no blur): each PET voxel is the mean tissue activity over its footprint, which the
	 * CT tissue map predicts as sum_t fraction_t x activity_t (fractions carried to the PET grid).
	 * The prediction fits best at the true PET geometry: moving the PET grid by 0.1 voxel along
	 * either in-plane axis makes it worse, so the mapping is right within 0.1 PET voxel in-plane
	 * (the phantom hardly changes along z, so z is checked on the real SEG instead).
	 */
	@Test
	void sharpPetLandsWhereTheCtSays() {
		final Phantom p = phantom(0, 23, new double[] { 3.3, -2.1, 1.7 });
		final Volume<FloatType> pet = p.pet().get();
		final double e0 = misfit(p, pet.geometry());
		final double[] sp = pet.geometry().spacing();
		System.out.printf("sharp PET misfit at the true geometry %.2f Bq/mL%n", e0);
		for (int axis = 0; axis < 2; axis++)
			for (final int sign : new int[] { -1, 1 }) {
				final double[] o = pet.geometry().origin();
				final double[] a = pet.geometry().axis(axis);
				for (int r = 0; r < 3; r++)
					o[r] += sign * 0.1 * sp[axis] * a[r];
				final double e = misfit(p, new Geometry(sp, o, pet.geometry().direction()));
				System.out.printf("  moved by %+.1f voxel along axis %d: misfit %.2f%n", sign * 0.1, axis, e);
				assertTrue(e > e0, "axis " + axis + " sign " + sign + ": " + e + " <= " + e0);
			}
	}

	/** RMS of PET - sum_t fraction_t activity_t over the PET voxels, PET taken to lie on geometry g. */
	static double misfit(final Phantom p, final Geometry g) {
		final Volume<FloatType> pet = p.pet().get().withGeometry(g);
		final long[] d = pet.dimensions();
		final int n = (int) (d[0] * d[1] * d[2]);
		final double[] pred = new double[n];
		for (final Map.Entry<Integer, String> e : p.tissueNames().asMap().entrySet()) {
			final double act = truth(p, "activity_bqml", e.getValue());
			final float[] f = fractions(PetCtMapping.fractionOnPet(p.tissues(), e.getKey(), pet, 8));
			for (int i = 0; i < n; i++)
				pred[i] += f[i] * act;
		}
		// voxels wholly inside the CT field of view only
		final float[] inCt = fractions(PetCtMapping.fractionOnPet(ones(p.tissues()), 1, pet, 8));
		final float[] v = flat(pet);
		double ss = 0;
		int c = 0;
		for (int i = 0; i < n; i++)
			if (inCt[i] == 1f) {
				ss += (v[i] - pred[i]) * (v[i] - pred[i]);
				c++;
			}
		return Math.sqrt(ss / c);
	}

	static float[] fractions(final Volume<FloatType> f) {
		return ((net.imglib2.img.array.ArrayImg<FloatType, net.imglib2.img.basictypeaccess.array.FloatArray>) f.image()).update(null)
			.getCurrentStorageArray();
	}

	static float[] flat(final Volume<FloatType> v) {
		final long[] d = v.dimensions();
		final float[] out = new float[(int) (d[0] * d[1] * d[2])];
		int i = 0;
		for (final FloatType t : net.imglib2.view.Views.flatIterable(v.image()))
			out[i++] = t.get();
		return out;
	}

	static Volume<IntType> ones(final Volume<UnsignedByteType> like) {
		final long[] d = like.dimensions();
		final int[] a = new int[(int) (d[0] * d[1] * d[2])];
		java.util.Arrays.fill(a, 1);
		return new Volume<>(ArrayImgs.ints(a, d), like.geometry(), Volume.LABEL);
	}

	/** SUVpeak of the implementation against a direct computation over all PET voxels. */
	@Test
	void suvPeakAgainstBruteForce() {
		final Phantom p = phantom(6, 31, new double[] { 1.1, 2.2, -0.7 });
		final Volume<FloatType> pet = p.pet().get();
		final Volume<UnsignedByteType> lab = p.tissues();
		for (final int id : new int[] { MARROW_LEFT, MARROW_RIGHT, 3 }) {
			final RegionalUptake.Row row = RegionalUptake.compute(pet, lab, null, new RegionalUptake.Settings().shrink_mm(2)).row(id);
			final double brute = brutePeak(pet, lab, id, 2);
			System.out.printf("label %d: suv_peak %.4f brute force %.4f (max %.4f)%n", id, row.suv_peak, brute, row.suv_max);
			assertEquals(brute, row.suv_peak, 1e-9 * brute);
		}
	}

	/**
	 * The brute-force SUVpeak: the region's PET voxels = those containing a (shrunk) region voxel
	 * centre; for each, the mean of the region's PET voxels within the sphere (world distance).
	 */
	static double brutePeak(final Volume<FloatType> pet, final Volume<UnsignedByteType> lab, final int id, final double shrink_mm) {
		final org.marrowj.morph.Mask m = new org.marrowj.morph.Mask(lab.width(), lab.height(), lab.depth());
		final RandomAccess<UnsignedByteType> la = lab.image().randomAccess();
		for (int z = 0; z < lab.depth(); z++)
			for (int y = 0; y < lab.height(); y++)
				for (int x = 0; x < lab.width(); x++) {
					la.setPosition(new long[] { x, y, z });
					if (la.get().get() == id) m.set(x, y, z, true);
				}
		final org.marrowj.morph.Mask s = org.marrowj.morph.Morph.shrink(m, shrink_mm, lab.geometry().spacing());
		final Geometry pg = pet.geometry(), lg = lab.geometry();
		final long[] pd = pet.dimensions();
		final BitSet cand = new BitSet();
		for (int z = 0; z < lab.depth(); z++)
			for (int y = 0; y < lab.height(); y++)
				for (int x = 0; x < lab.width(); x++) {
					if (!s.get(x, y, z)) continue;
					final double[] u = pg.worldToIndex(lg.indexToWorld(x, y, z));
					boolean in = true;
					for (int d = 0; d < 3; d++)
						in &= u[d] >= -0.5 && u[d] <= pd[d] - 0.5;
					if (!in) continue;
					final long[] q = new long[3];
					for (int d = 0; d < 3; d++)
						q[d] = Math.max(0, Math.min(pd[d] - 1, Math.round(u[d])));
					cand.set((int) (q[0] + pd[0] * (q[1] + pd[1] * q[2])));
				}
		final float[] v = flat(pet);
		final double r = 10 * Math.cbrt(3 / (4 * Math.PI));
		double best = Double.NEGATIVE_INFINITY;
		for (int c = cand.nextSetBit(0); c >= 0; c = cand.nextSetBit(c + 1)) {
			final long cx = c % pd[0], cy = (c / pd[0]) % pd[1], cz = c / (pd[0] * pd[1]);
			final double[] wc = pg.indexToWorld(cx, cy, cz);
			double sum = 0;
			int n = 0;
			for (int k = 0; k < v.length; k++) {
				final double[] w = pg.indexToWorld(k % pd[0], (k / pd[0]) % pd[1], k / (pd[0] * pd[1]));
				final double d2 = (w[0] - wc[0]) * (w[0] - wc[0]) + (w[1] - wc[1]) * (w[1] - wc[1]) + (w[2] - wc[2]) * (w[2] - wc[2]);
				if (d2 <= r * r && cand.get(k)) {
					sum += v[k];
					n++;
				}
			}
			best = Math.max(best, sum / n);
		}
		return best;
	}

	@Test
	void peakRadiusIsThatOfOneCubicCentimetre() {
		final double r_cm = RegionalUptake.PEAK_RADIUS_MM / 10;
		assertEquals(1.0, 4.0 / 3.0 * Math.PI * r_cm * r_cm * r_cm, 1e-12);
	}

	// ---------------------------------------------------------------- bad input

	@Test
	void frameOfReferenceMismatchIsRefusedUnlessAligned() {
		final Phantom p = phantom(6, 0, new double[3]);
		final Volume<FloatType> pet = p.pet().get().withProperty("FrameOfReferenceUID", "1.2.3.4");
		final BadInputException e = assertThrows(BadInputException.class, () -> RegionalUptake.compute(pet, p.tissues(), null, null));
		assertTrue(e.getMessage().contains("FrameOfReferenceUID"), e.getMessage());
		assertTrue(e.getMessage().contains("assume_aligned"), e.getMessage());
		final RegionalUptake.Result r = RegionalUptake.compute(pet, p.tissues(), null, new RegionalUptake.Settings().assume_aligned(
			true));
		assertTrue(r.row(MARROW_RIGHT).ok());
		assertTrue(r.warnings().get(0).contains("assume_aligned"));
	}

	@Test
	void noOverlapIsRefused() {
		final Phantom p = phantom(6, 10, new double[3]);
		final Volume<FloatType> pet = p.pet().get();
		final double[] o = pet.geometry().origin();
		o[2] += 500;
		final Volume<FloatType> far = pet.withGeometry(new Geometry(pet.geometry().spacing(), o, pet.geometry().direction()));
		final BadInputException e = assertThrows(BadInputException.class, () -> RegionalUptake.compute(far, p.tissues(), null, null));
		assertTrue(e.getMessage().contains("do not overlap"), e.getMessage());
		// grids touching face to face do not overlap either; a sliver of overlap does
		final Geometry a = Geometry.axisAligned(new double[] { 1, 1, 1 }, new double[3]);
		final Geometry b = Geometry.axisAligned(new double[] { 1, 1, 1 }, new double[] { 10, 0, 0 });
		assertFalse(PetCtMapping.overlap(a, new long[] { 10, 10, 10 }, b, new long[] { 10, 10, 10 }));
		final Geometry c = Geometry.axisAligned(new double[] { 1, 1, 1 }, new double[] { 9.9, 0, 0 });
		assertTrue(PetCtMapping.overlap(a, new long[] { 10, 10, 10 }, c, new long[] { 10, 10, 10 }));
		// rotated by 45 degrees about z: the corner of a diamond near, but not touching, a box
		final double s = Math.sqrt(0.5);
		// its leftmost corner (index -0.5, 9.5) lies at world x = ox - 10 s, y = oy + 9 s
		final double[] dir = { s, -s, 0, s, s, 0, 0, 0, 1 };
		final Geometry apart = new Geometry(new double[] { 1, 1, 1 }, new double[] { 9.53 + 10 * s, 4.5 - 9 * s, 4.5 }, dir);
		assertFalse(PetCtMapping.overlap(a, new long[] { 10, 10, 10 }, apart, new long[] { 10, 10, 10 }));
		final Geometry touching = new Geometry(new double[] { 1, 1, 1 }, new double[] { 9.47 + 10 * s, 4.5 - 9 * s, 4.5 }, dir);
		assertTrue(PetCtMapping.overlap(a, new long[] { 10, 10, 10 }, touching, new long[] { 10, 10, 10 }));
	}

	@Test
	void regionOutsideFieldOfViewGetsAStatusNotANumber() {
		final Phantom p = phantom(6, 0, new double[3]);
		final Volume<FloatType> pet = p.pet().get();
		// a label grid reaching beyond the PET in z: label 1 inside, label 2 wholly outside, label 3 half outside
		final Geometry pg = pet.geometry();
		final double[] o = pg.indexToWorld(10, 10, pet.depth() - 5);
		final Geometry g = Geometry.axisAligned(new double[] { 2, 2, 2 }, o);
		final int nx = 20, ny = 20, nz = 40;
		final int[] a = new int[nx * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					if (z < 5 && x < 10) a[i] = 1;
					if (z >= 30) a[i] = 2;
					if (x >= 10 && z >= 5 && z < 15) a[i] = 3;
				}
		final Map<String, String> props = new HashMap<>();
		props.put("FrameOfReferenceUID", pet.property("FrameOfReferenceUID"));
		final Volume<IntType> lab = new Volume<>(ArrayImgs.ints(a, nx, ny, nz), g, Volume.LABEL, "", props);
		final Map<Integer, String> names = new HashMap<>();
		names.put(1, "inside");
		names.put(2, "outside");
		names.put(3, "half");
		names.put(4, "absent");
		final RegionalUptake.Result r = RegionalUptake.compute(pet, lab, new LabelTable(names), new RegionalUptake.Settings());
		assertTrue(r.row(1).ok());
		assertEquals(0, r.row(1).fraction_outside_fov);
		final RegionalUptake.Row out = r.row(2);
		assertEquals("outside the PET field of view", out.status);
		assertNull(out.suv_mean);
		assertNull(out.suv_peak);
		assertEquals(1.0, out.fraction_outside_fov);
		final RegionalUptake.Row half = r.row(3);
		assertTrue(half.ok());
		// PET extent ends at index depth - 0.5, i.e. 2 mm beyond the last slice centre: label z 0..4 (8 mm) inside
		System.out.println("half: " + half);
		assertTrue(half.fraction_outside_fov > 0.3 && half.fraction_outside_fov < 0.7, "" + half.fraction_outside_fov);
		assertTrue(r.warnings().stream().anyMatch(w -> w.contains("half") && w.contains("outside the PET field of view")));
		assertTrue(r.row(4).status.startsWith("no voxels"));
		// shrinking the thin slab of label 1 (5 voxels = 10 mm thick) by 6 mm leaves nothing
		final RegionalUptake.Row gone = RegionalUptake.compute(pet, lab, new LabelTable(names), new RegionalUptake.Settings().shrink_mm(
			6)).row(1);
		assertTrue(gone.status.startsWith("no voxels left after shrinking by 6 mm"), gone.status);
		assertNull(gone.suv_mean);
	}
}
