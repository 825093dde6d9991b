package org.marrowj.phantom;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * PET of the femoral anatomy. PET(v) = (G * A)(v) where A(v) = mean of the tissue activity over
 * S^3 sub-sample points of voxel v (offsets ((m + 1/2)/S - 1/2) voxel per axis, m = 0..S-1) and G
 * a Gaussian of sigma = FWHM / (2 sqrt(2 ln 2)), applied separably along the PET index axes with
 * weights exp(-(k s)^2 / (2 sigma^2)) / sum, k = -K..K, K = ceil(3 sigma / s). A is computed on the
 * PET grid padded by K voxels on every side (the anatomy continues beyond the field of view), so
 * the blur has no border artefact.
 */
final class PetCtModel {

	private PetCtModel() {}

	static LocalDateTime time(final String s, final String parameter) {
		try {
			return LocalDateTime.parse(s);
		}
		catch (final DateTimeParseException | NullPointerException e) {
			throw new BadInputException(parameter, "expected an ISO local date-time such as 2024-01-15T10:30:00, got '" + s + "'");
		}
	}

	static Geometry petGeometry(final PetCtOptions o, final Geometry ctGeometry, final int[] ctStored, final int[] petSize) {
		final double th = Math.toRadians(o.petRotation_deg), c = Math.cos(th), s = Math.sin(th);
		final double[] dir = { c, -s, 0, s, c, 0, 0, 0, 1 };
		final double[] ps = o.petSpacing_mm;
		if (o.petOrigin_mm != null) return new Geometry(ps, o.petOrigin_mm, dir);
		final double[] centre = ctGeometry.indexToWorld((ctStored[0] - 1) / 2.0, (ctStored[1] - 1) / 2.0, (ctStored[2] - 1) / 2.0);
		final double[] origin = new double[3];
		for (int r = 0; r < 3; r++) {
			origin[r] = centre[r] + o.petShift_mm[r];
			for (int a = 0; a < 3; a++)
				origin[r] -= dir[3 * r + a] * ps[a] * (petSize[a] - 1) / 2.0;
		}
		return new Geometry(ps, origin, dir);
	}

	static int[] petSize(final PetCtOptions o) {
		if (o.petSize != null) return o.petSize.clone();
		final FemurOptions ct = o.ct;
		final double ex = ct.nx * ct.spacing_mm[0], ey = ct.ny * ct.spacing_mm[1], ez = ct.nz * ct.spacing_mm[2];
		final double th = Math.toRadians(o.petRotation_deg), c = Math.abs(Math.cos(th)), s = Math.abs(Math.sin(th));
		return new int[] { (int) Math.ceil((c * ex + s * ey) / o.petSpacing_mm[0] - 1e-9),
			(int) Math.ceil((s * ex + c * ey) / o.petSpacing_mm[1] - 1e-9), (int) Math.ceil(ez / o.petSpacing_mm[2] - 1e-9) };
	}

	static double[] activity(final PetCtOptions o) {
		return new double[] { o.air_bqml, o.fat_bqml, o.muscle_bqml, o.cortex_bqml, o.marrowLeft_bqml, o.cortex_bqml,
			o.marrowRight_bqml, o.otherBone_bqml };
	}

	static Phantom build(final PetCtOptions o) {
		o.validate();
		final LocalDateTime inj = time(o.injectionTime, "injection_time"), scan = time(o.scanStartTime, "scan_start_time");
		final double dt_s = Duration.between(inj, scan).toMillis() / 1000.0;
		if (dt_s < 0) throw new BadInputException("scan_start_time", "is before the injection time");
		final Map<String, String> props = Phantoms.ct(o.ct.seed);
		final Phantom ct = FemurModel.build(o.ct, props);
		final Geometry cg = ct.image().geometry();
		final int[] n = petSize(o);
		final Geometry pg = petGeometry(o, cg, new int[] { ct.image().width(), ct.image().height(), ct.image().depth() }, n);
		final FemurModel anatomy = new FemurModel(o.ct, gap(ct, 0), gap(ct, 1));
		final double sigma = o.fwhm_mm / (2 * Math.sqrt(2 * Math.log(2)));
		final int[] pad = new int[3];
		for (int a = 0; a < 3; a++)
			pad[a] = sigma > 0 ? (int) Math.ceil(3 * sigma / o.petSpacing_mm[a]) : 0;
		final int px = n[0] + 2 * pad[0], py = n[1] + 2 * pad[1], pz = n[2] + 2 * pad[2];
		final double[] act = activity(o);
		final double[][] a = new double[pz][];
		final int S = o.supersample;
		final boolean planar = pg.direction(2, 0) == 0 && pg.direction(2, 1) == 0;
		IntStream.range(0, pz).parallel().forEach(kz -> {
			final double[] sl = new double[px * py];
			final double[] w = new double[3];
			for (int sw = 0; sw < S; sw++) {
				final double fz = kz - pad[2] + (sw + 0.5) / S - 0.5;
				pg.indexToWorld(0, 0, fz, w);
				final Anatomy.Section sec = planar ? anatomy.at(Raster.snap(w[2])) : null;
				for (int j = 0; j < py; j++)
					for (int sv = 0; sv < S; sv++) {
						final double fy = j - pad[1] + (sv + 0.5) / S - 0.5;
						for (int i = 0; i < px; i++) {
							double sum = 0;
							for (int su = 0; su < S; su++) {
								pg.indexToWorld(i - pad[0] + (su + 0.5) / S - 0.5, fy, fz, w);
								final Anatomy.Section s = planar ? sec : anatomy.at(Raster.snap(w[2]));
								sum += act[s.tissue(Raster.snap(w[0]), Raster.snap(w[1]))];
							}
							sl[j * px + i] += sum;
						}
					}
			}
			final double norm = 1.0 / ((double) S * S * S);
			for (int i = 0; i < sl.length; i++)
				sl[i] *= norm;
			a[kz] = sl;
		});
		if (sigma > 0) {
			blur(a, px, py, pz, 0, kernel(sigma, o.petSpacing_mm[0]));
			blur(a, px, py, pz, 1, kernel(sigma, o.petSpacing_mm[1]));
			blur(a, px, py, pz, 2, kernel(sigma, o.petSpacing_mm[2]));
		}
		final PlanarImg<FloatType, FloatArray> pet = PlanarImgs.floats(n[0], n[1], n[2]);
		for (int k = 0; k < n[2]; k++) {
			final float[] out = pet.getPlane(k).getCurrentStorageArray();
			final double[] in = a[k + pad[2]];
			for (int j = 0; j < n[1]; j++)
				for (int i = 0; i < n[0]; i++)
					out[j * n[0] + i] = (float) in[(j + pad[1]) * px + i + pad[0]];
		}
		final Map<String, String> pp = new LinkedHashMap<>(props);
		final DateTimeFormatter d = DateTimeFormatter.ofPattern("yyyyMMdd"), t = DateTimeFormatter.ofPattern("HHmmss");
		pp.put("Units", "BQML");
		pp.put("DecayCorrection", "START");
		pp.put("RadionuclideTotalDose", Double.toString(o.dose_bq));
		pp.put("RadionuclideHalfLife", Double.toString(o.halfLife_s));
		pp.put("RadiopharmaceuticalStartDateTime", inj.format(d) + inj.format(t));
		pp.put("SeriesDate", scan.format(d));
		pp.put("SeriesTime", scan.format(t));
		pp.put("AcquisitionDate", scan.format(d));
		pp.put("AcquisitionTime", scan.format(t));
		pp.put("PatientWeight", Double.toString(o.weight_kg));
		pp.put("PatientSize", Double.toString(o.height_cm / 100));
		pp.put("PatientSex", o.sex);
		final Volume<FloatType> petVolume = new Volume<>(pet, pg, Volume.BQML, "PT", pp);
		final Map<String, Object> truth = new LinkedHashMap<>(ct.truth());
		truth.put("kind", "petct");
		truth.put("pet", petTruth(o, pg, n, sigma, pad, dt_s));
		return new Phantom("petct", ct.image(), ct.tissues(), ct.tissueNames(), truth, null, petVolume);
	}

	private static double gap(final Phantom ct, final int which) {
		final Object or = ct.truth().get("open_ring");
		if (or == null) return 0;
		@SuppressWarnings("unchecked")
		final Map<String, Object> m = (Map<String, Object>) or;
		return (Double) m.get(which == 0 ? "z_from_mm" : "z_to_mm");
	}

	static double[] kernel(final double sigma, final double spacing) {
		final int k = (int) Math.ceil(3 * sigma / spacing);
		final double[] w = new double[2 * k + 1];
		double sum = 0;
		for (int i = -k; i <= k; i++) {
			w[i + k] = Math.exp(-(i * spacing) * (i * spacing) / (2 * sigma * sigma));
			sum += w[i + k];
		}
		for (int i = 0; i < w.length; i++)
			w[i] /= sum;
		return w;
	}

	/** In-place separable convolution along one axis, zero outside the array. */
	static void blur(final double[][] a, final int nx, final int ny, final int nz, final int axis, final double[] w) {
		final int k = w.length / 2;
		if (axis < 2) {
			IntStream.range(0, nz).parallel().forEach(z -> {
				final double[] s = a[z];
				final int n = axis == 0 ? nx : ny, lines = axis == 0 ? ny : nx;
				final double[] line = new double[n];
				for (int l = 0; l < lines; l++) {
					for (int i = 0; i < n; i++)
						line[i] = s[axis == 0 ? l * nx + i : i * nx + l];
					for (int i = 0; i < n; i++) {
						double v = 0;
						for (int j = -k; j <= k; j++)
							if (i + j >= 0 && i + j < n) v += w[j + k] * line[i + j];
						s[axis == 0 ? l * nx + i : i * nx + l] = v;
					}
				}
			});
		}
		else {
			IntStream.range(0, ny).parallel().forEach(y -> {
				final double[] line = new double[nz];
				for (int x = 0; x < nx; x++) {
					final int p = y * nx + x;
					for (int z = 0; z < nz; z++)
						line[z] = a[z][p];
					for (int z = 0; z < nz; z++) {
						double v = 0;
						for (int j = -k; j <= k; j++)
							if (z + j >= 0 && z + j < nz) v += w[j + k] * line[z + j];
						a[z][p] = v;
					}
				}
			});
		}
	}

	private static Map<String, Object> petTruth(final PetCtOptions o, final Geometry pg, final int[] n, final double sigma,
		final int[] pad, final double dt_s)
	{
		final Map<String, Object> t = new LinkedHashMap<>();
		t.put("geometry", Truths.geometry(pg, n));
		t.put("rotation_deg_about_z", o.petRotation_deg);
		t.put("shift_mm", o.petShift_mm.clone());
		t.put("unit", Volume.BQML);
		final Map<String, Object> act = new LinkedHashMap<>();
		final double[] a = activity(o);
		for (int i = 0; i < a.length; i++)
			act.put(FemurModel.NAMES[i], a[i]);
		t.put("activity_bqml", act);
		final Map<String, Object> psf = new LinkedHashMap<>();
		psf.put("type", "gaussian");
		psf.put("fwhm_mm", o.fwhm_mm);
		psf.put("sigma_mm", sigma);
		psf.put("kernel", "separable along the PET index axes, weights exp(-(k s)^2/(2 sigma^2)) normalised, |k| <= ceil(3 sigma/s)");
		psf.put("kernel_radius_voxels", pad.clone());
		t.put("psf", psf);
		t.put("model", "PET = PSF * (activity averaged over supersample^3 points of each PET voxel), activity beyond the field " +
			"of view included");
		t.put("supersample", o.supersample);
		final Map<String, Object> suv = new LinkedHashMap<>();
		suv.put("dose_bq", o.dose_bq);
		suv.put("weight_kg", o.weight_kg);
		suv.put("height_cm", o.height_cm);
		suv.put("sex", o.sex);
		suv.put("injection_time", o.injectionTime);
		suv.put("scan_start_time", o.scanStartTime);
		suv.put("half_life_s", o.halfLife_s);
		suv.put("decay_correction", "START");
		suv.put("delay_s", dt_s);
		final double decay = Math.pow(2, -dt_s / o.halfLife_s);
		suv.put("decay_factor", decay);
		final double f = o.weight_kg * 1000 / (o.dose_bq * decay);
		suv.put("suvbw_per_bqml", f);
		suv.put("formula", "SUVbw = C[Bq/mL] * weight[g] / (dose[Bq] * 2^(-delay_s/half_life_s))");
		final Map<String, Object> suvs = new LinkedHashMap<>();
		for (int i = 0; i < a.length; i++)
			suvs.put(FemurModel.NAMES[i], a[i] * f);
		suv.put("suvbw_per_tissue", suvs);
		t.put("suv", suv);
		return t;
	}
}
