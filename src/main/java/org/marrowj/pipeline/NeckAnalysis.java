package org.marrowj.pipeline;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.io.Csv;
import org.marrowj.io.DicomSeries;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.ImageReaders;
import org.marrowj.io.QcImages;
import org.marrowj.qct.FemoralNeck;
import org.marrowj.qct.NeckResult;
import org.marrowj.qct.NeckSettings;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Femoral-neck geometry of one QCT, files in and a folder out: reads the QCT (DICOM series, NIfTI,
 * TIFF), converts HU to K2HPO4-equivalent density with a {@link CalibrationSpec} (a view, no copy),
 * runs {@link FemoralNeck} per side and writes {@value #CSV} (one row per side, columns
 * {@link #COLUMNS}) and QC pictures {@code qc/femoral_neck_axis_<side>.png} and
 * {@code qc/femoral_neck_section_<side>.png}.
 * <p>
 * Sides: {@code left} or {@code right} analyse the whole field (the femur is its largest bone
 * component); when that fails or finds the other side's femur, the side's half of the field (as for
 * {@code both}) is tried, and when that fails too the run is refused. {@code both} splits the field at the body
 * midline, taken as the world x of the image centre (the patient's left is world +x): each half is
 * analysed alone, and a half without an analysable femur gets a row whose status is the reason.
 * <p>
 * Body weight: {@code weight_kg} when given, else the DICOM PatientWeight (0010,1030) of a DICOM
 * QCT; without either, the weight-dependent indices (csi_mm2_per_n, karlamangla_csi_g_per_kg_m) are
 * left empty and the column {@code missing} gives the reason.
 */
public final class NeckAnalysis {

	public static final String CSV = "femoral_neck.csv";
	public static final String LEFT = "left", RIGHT = "right", BOTH = "both";
	/** Display window of the QC pictures (mg/cm^3). */
	static final double QC_LEVEL = 400, QC_WIDTH = 1200;

	/** The columns of femoral_neck.csv in order. */
	public static final List<String> COLUMNS = Collections.unmodifiableList(Arrays.asList("subject", "side", "status",
		"head_centre_x_mm", "head_centre_y_mm", "head_centre_z_mm", "head_radius_mm", "head_fit_rms_mm", "neck_axis_x", "neck_axis_y",
		"neck_axis_z", "narrowest_s_mm", "region_mm", "fnw_mm", "total_volume_cm3", "cortical_volume_cm3", "trabecular_volume_cm3",
		"vbmd_total_mgcm3", "vbmd_cortical_mgcm3", "vbmd_trabecular_mgcm3", "projected_area_cm2", "abmd_gcm2", "a_mm2",
		"csi_mm2_per_n", "z_cm3", "buckling_ratio_volume", "cortical_depth_mm", "section_total_area_mm2", "csa_mm2", "csmi_mm4",
		"csmi_ap_mm4", "outer_distance_mm", "section_modulus_mm3", "hsa_cortical_thickness_mm", "hsa_buckling_ratio",
		"karlamangla_csi_g_per_kg_m", "neck_shaft_angle_deg", "weight_kg", "weight_source", "cortical_mgcm3", "missing"));

	private NeckAnalysis() {}

	/** Everything one run produced. */
	public static final class Result {

		public final List<Map<String, Object>> rows = new ArrayList<>();
		/** Per analysed side, FemoralNeck's result. */
		public final Map<String, NeckResult> results = new LinkedHashMap<>();
		public final List<String> files = new ArrayList<>();
		public final List<String> warnings = new ArrayList<>();
		public Double weight_kg;
		/** "parameter", "dicom" (PatientWeight 0010,1030) or "none". */
		public String weight_source;
		public String subject;
		public File csv;

		public Map<String, Object> toMap() {
			final Map<String, Object> m = new LinkedHashMap<>();
			m.put("subject", subject);
			m.put("out", csv == null ? null : csv.getPath());
			m.put("weight_kg", weight_kg);
			m.put("weight_source", weight_source);
			m.put("rows", rows);
			m.put("files", files);
			m.put("warnings", warnings);
			return m;
		}
	}

	/**
	 * Analyses {@code qct} and writes femoral_neck.csv and the QC pictures into {@code out}; returns
	 * the rows (column -> value). Warnings are added to {@code warnings}. A single side that cannot be
	 * analysed (e.g. the femoral head outside the field of view) is a {@link BadInputException} and
	 * nothing is written.
	 */
	public static List<Map<String, Object>> run(final File qct, final CalibrationSpec calibration, final String side,
		final Double weight_kg, final double cortical_mgcm3, final File out, final List<String> warnings)
	{
		final Result r = analyze(qct, calibration, side, weight_kg, cortical_mgcm3, null, out);
		if (warnings != null) warnings.addAll(r.warnings);
		return r.rows;
	}

	/** As {@link #run} with a subject name (null = from the file name), returning everything. */
	public static Result analyze(final File qct, final CalibrationSpec calibration, final String side, final Double weight_kg,
		final double cortical_mgcm3, final String subject, final File out)
	{
		return analyze(qct, calibration, side, weight_kg, cortical_mgcm3, subject, out, null, Double.NaN);
	}

	/**
	 * As {@link #analyze(File, CalibrationSpec, String, Double, double, String, File)} with an
	 * optional femoral head given instead of fitted (world LPS centre in mm and radius in mm; one
	 * side only), for a head the sphere fit cannot find.
	 */
	public static Result analyze(final File qct, final CalibrationSpec calibration, final String side, final Double weight_kg,
		final double cortical_mgcm3, final String subject, final File out, final double[] headCentre_mm, final double headRadius_mm)
	{
		final String sd = parseSide(side);
		if (weight_kg != null && !(weight_kg > 0 && Double.isFinite(weight_kg)))
			throw new BadInputException("weight_kg", "must be a positive number of kilograms, got " + weight_kg);
		if (!(cortical_mgcm3 > 0) || !Double.isFinite(cortical_mgcm3))
			throw new BadInputException("cortical_mgcm3", "must be a positive density in mg/cm^3, got " + cortical_mgcm3);
		if (out == null) throw new BadInputException("out", "no output folder given");
		final CalibrationSpec cal = calibration == null ? CalibrationSpec.alreadyCalibrated() : calibration;
		final Result res = new Result();
		res.subject = subject == null || subject.trim().isEmpty() ? SubjectAnalysis.subjectOf(qct) : subject.trim();
		// image and DICOM weight
		final Input in = read(qct);
		final Volume<?> image = in.volume;
		final Double dicomWeight = in.dicomWeight_kg;
		res.warnings.addAll(in.warnings);
		if (weight_kg != null) {
			res.weight_kg = weight_kg;
			res.weight_source = "parameter";
		}
		else if (dicomWeight != null) {
			res.weight_kg = dicomWeight;
			res.weight_source = "dicom";
		}
		else res.weight_source = "none";
		final Volume<FloatType> bmd = density(image, cal, res.warnings);
		// sides
		final List<String> sides = sd.equals(BOTH) ? Arrays.asList(RIGHT, LEFT) : Collections.singletonList(sd);
		final NeckSettings settings = new NeckSettings();
		settings.cortical_mgcm3 = cortical_mgcm3;
		settings.weight_kg = res.weight_kg == null ? Double.NaN : res.weight_kg;
		if (headCentre_mm != null) {
			if (sd.equals(BOTH)) throw new BadInputException("head_centre_mm", "needs one side (left or right), not both");
			settings.headCentre_mm = headCentre_mm.clone();
			settings.headRadius_mm = headRadius_mm;
		}
		else if (!Double.isNaN(headRadius_mm)) throw new BadInputException("head_radius_mm", "is used only with head_centre_mm");
		settings.validate();
		final Map<String, String> status = new LinkedHashMap<>();
		for (final String s : sides) {
			if (sd.equals(BOTH)) {
				try {
					final NeckResult nr = FemoralNeck.analyze(half(bmd, s), settings);
					if (!s.equals(nr.side)) status.put(s, "the femur found in the " + s + " half of the field is a " + nr.side + " femur");
					else res.results.put(s, nr);
				}
				catch (final BadInputException e) {
					status.put(s, "not analysed: " + e.getMessage());
				}
			}
			else {
				NeckResult nr = null;
				BadInputException failure = null;
				try {
					nr = FemoralNeck.analyze(bmd, settings);
				}
				catch (final BadInputException e) {
					failure = e;
				}
				if (nr == null || !s.equals(nr.side)) {
					// a field with both hips: the femur of that side in its half of the field
					try {
						final NeckResult h = FemoralNeck.analyze(half(bmd, s), settings);
						if (s.equals(h.side)) {
							nr = h;
							res.warnings.add(s + ": analysed in the " + s + " half of the field (split at the world x of the image centre)");
						}
					}
					catch (final BadInputException e) {
						// the whole field's outcome is the answer
					}
				}
				if (nr == null) throw new BadInputException("qct", qct.getName() + ": no femoral neck analysis possible: " + failure
					.getMessage(), failure);
				if (!s.equals(nr.side)) throw new BadInputException("side", "is " + s + " but the femur in " + qct.getName() + " is a " +
					nr.side + " femur (its neck runs from the head towards world " + (LEFT.equals(nr.side) ? "+x" : "-x") + ")");
				res.results.put(s, nr);
			}
		}
		// rows
		for (final String s : sides) {
			final NeckResult nr = res.results.get(s);
			res.rows.add(row(res.subject, s, nr, status.get(s), res.weight_kg, res.weight_source, cortical_mgcm3));
			if (nr != null) for (final String w : nr.warnings)
				res.warnings.add(s + ": " + w);
		}
		if (res.results.isEmpty()) throw new BadInputException("qct", qct.getName() + ": no femur could be analysed (" + String.join(
			"; ", status.values()) + ")");
		if ("none".equals(res.weight_source)) res.warnings.add(
			"no body weight (weight_kg not given, no DICOM PatientWeight): csi_mm2_per_n and karlamangla_csi_g_per_kg_m are left empty");
		// files
		write(res, bmd, out, cortical_mgcm3);
		return res;
	}

	/** "left", "right" or "both". */
	public static String parseSide(final String side) {
		final String s = side == null ? "" : side.trim().toLowerCase(Locale.ROOT);
		if (s.equals(LEFT) || s.equals(RIGHT) || s.equals(BOTH)) return s;
		throw new BadInputException("side", "must be left, right or both, got '" + side + "'");
	}

	/** A read QCT: the volume, the DICOM PatientWeight (0010,1030) when the file is DICOM and has a positive one, reader warnings. */
	static final class Input {

		final Volume<?> volume;
		final Double dicomWeight_kg;
		final List<String> warnings = new ArrayList<>();

		Input(final Volume<?> volume, final Double dicomWeight_kg) {
			this.volume = volume;
			this.dicomWeight_kg = dicomWeight_kg;
		}
	}

	static Input read(final File qct) {
		if (qct == null) throw new BadInputException("qct", "no QCT given");
		if (!qct.exists()) throw new BadInputException(qct, "no such file or folder");
		if (isDicom(qct)) {
			final DicomSeries series = DicomSeriesReader.read(qct, null);
			Double w = series.petInfo().patientWeight_kg;
			if (w != null && !(w > 0 && Double.isFinite(w))) w = null;
			final Input in = new Input(series.volume(), w);
			in.warnings.addAll(series.warnings());
			return in;
		}
		return new Input(ImageReaders.open(qct), null);
	}

	private static boolean isDicom(final File f) {
		if (f.isDirectory()) return true;
		final String n = f.getName().toLowerCase(Locale.ROOT);
		return f.isFile() && !(n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".tif") || n.endsWith(".tiff"));
	}

	/** The density view of {@code image}: as is when it is in mg/cm^3, else slope x HU + intercept of a CT in HU. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Volume<FloatType> density(final Volume<?> image, final CalibrationSpec cal, final List<String> warnings) {
		if (Volume.MG_CM3.equals(image.valueUnit())) {
			if (!cal.isIdentity()) throw new BadInputException("qct", "already holds calibrated density (mg/cm^3); give no calibration");
			return toFloat(image, 1, 0, Volume.MG_CM3);
		}
		if (cal.isIdentity()) throw new BadInputException("calibration", "the QCT is not in mg/cm^3 (values in '" + image.valueUnit() +
			"'): give calibration (a calibration.json) or slope_mgcm3_per_hu and intercept_mgcm3");
		final Volume<?> hu = CtInput.check(image, "qct", warnings);
		return toFloat(hu, cal.slope_mgcm3_per_hu, cal.intercept_mgcm3, Volume.MG_CM3);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Volume<FloatType> toFloat(final Volume v, final double slope, final double intercept, final String unit) {
		final RandomAccessibleInterval<? extends RealType<?>> img = v.image();
		final RandomAccessibleInterval<FloatType> f = Converters.convert((RandomAccessibleInterval) img, (in, o) -> ((FloatType) o)
			.setReal(slope * ((RealType<?>) in).getRealDouble() + intercept), new FloatType());
		return v.withImage(f, unit);
	}

	/**
	 * The half of the field on the patient's {@code side}: voxels whose centre's world x lies beyond
	 * (left, +x) or before (right) the world x of the image centre, along the index axis closest to
	 * world x.
	 */
	static Volume<FloatType> half(final Volume<FloatType> v, final String side) {
		final Geometry g = v.geometry();
		final int signed = g.indexAxisAlongWorld(0);
		final int ax = Math.abs(signed) - 1;
		final long n = v.dimensions()[ax];
		final boolean plus = signed > 0;
		final long mid = n / 2;
		// indices [0, mid) and [mid, n): which one is world +x
		final boolean lowIsPlus = !plus;
		final boolean wantPlus = LEFT.equals(side);
		final long lo = wantPlus == lowIsPlus ? 0 : mid, hi = wantPlus == lowIsPlus ? mid - 1 : n - 1;
		final long[] min = new long[3], max = new long[3];
		for (int d = 0; d < 3; d++)
			max[d] = v.dimensions()[d] - 1;
		min[ax] = lo;
		max[ax] = hi;
		final RandomAccessibleInterval<FloatType> crop = Views.zeroMin(Views.interval(v.image(), min, max));
		return new Volume<>(crop, g.crop(min[0], min[1], min[2]), v.valueUnit(), v.modality(), v.properties());
	}

	static Map<String, Object> row(final String subject, final String side, final NeckResult r, final String status, final Double weight,
		final String weightSource, final double cortical)
	{
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("subject", subject);
		m.put("side", side);
		m.put("status", r == null ? (status == null ? "not analysed" : status) : "ok");
		if (r != null) {
			m.put("head_centre_x_mm", r.headCentre_mm[0]);
			m.put("head_centre_y_mm", r.headCentre_mm[1]);
			m.put("head_centre_z_mm", r.headCentre_mm[2]);
			m.put("head_radius_mm", r.headRadius_mm);
			m.put("head_fit_rms_mm", r.headFitRms_mm);
			m.put("neck_axis_x", r.axis[0]);
			m.put("neck_axis_y", r.axis[1]);
			m.put("neck_axis_z", r.axis[2]);
			m.put("narrowest_s_mm", r.narrowest_s_mm);
			m.put("region_mm", r.region_mm);
			m.put("fnw_mm", r.fnw_mm);
			m.put("total_volume_cm3", r.totalVolume_cm3);
			m.put("cortical_volume_cm3", r.corticalVolume_cm3);
			m.put("trabecular_volume_cm3", r.trabecularVolume_cm3);
			m.put("vbmd_total_mgcm3", r.totalVbmd_mgcm3);
			m.put("vbmd_cortical_mgcm3", r.corticalVbmd_mgcm3);
			m.put("vbmd_trabecular_mgcm3", r.trabecularVbmd_mgcm3);
			m.put("projected_area_cm2", r.projectedArea_cm2);
			m.put("abmd_gcm2", r.abmd_gcm2);
			m.put("a_mm2", r.seedA_mm2);
			m.put("csi_mm2_per_n", r.csi_mm2_per_n);
			m.put("z_cm3", r.seedZ_cm3);
			m.put("buckling_ratio_volume", r.bucklingRatioVolume);
			m.put("cortical_depth_mm", r.corticalDepth_mm);
			m.put("section_total_area_mm2", r.sectionTotalArea_mm2);
			m.put("csa_mm2", r.csa_mm2);
			m.put("csmi_mm4", r.csmi_mm4);
			m.put("csmi_ap_mm4", r.csmiAp_mm4);
			m.put("outer_distance_mm", r.outerDistance_mm);
			m.put("section_modulus_mm3", r.sectionModulus_mm3);
			m.put("hsa_cortical_thickness_mm", r.hsaCorticalThickness_mm);
			m.put("hsa_buckling_ratio", r.hsaBucklingRatio);
			m.put("karlamangla_csi_g_per_kg_m", r.karlamanglaCsi_g_per_kg_m);
			m.put("neck_shaft_angle_deg", r.neckShaftAngle_deg);
		}
		m.put("weight_kg", weight);
		m.put("weight_source", weightSource);
		m.put("cortical_mgcm3", cortical);
		if (r != null) {
			final Map<String, String> missing = new LinkedHashMap<>(r.missing);
			if (weight == null) {
				missing.putIfAbsent("csi_mm2_per_n", "no body weight (give weight_kg)");
				missing.putIfAbsent("karlamangla_csi_g_per_kg_m", "no body weight (give weight_kg)");
			}
			final StringBuilder sb = new StringBuilder();
			for (final Map.Entry<String, String> e : missing.entrySet()) {
				if (sb.length() > 0) sb.append("; ");
				sb.append(e.getKey()).append(": ").append(e.getValue());
			}
			m.put("missing", sb.toString());
		}
		// non-finite numbers become empty cells; JSON gets null
		for (final Map.Entry<String, Object> e : m.entrySet())
			if (e.getValue() instanceof Double && !Double.isFinite((Double) e.getValue())) e.setValue(null);
		return m;
	}

	/** The CSV of the rows. */
	public static Csv csv(final List<Map<String, Object>> rows) {
		final Csv c = new Csv(COLUMNS);
		for (final Map<String, Object> r : rows)
			c.add(r);
		return c;
	}

	private static void write(final Result res, final Volume<FloatType> bmd, final File out, final double cortical_mgcm3) {
		if (out.exists() && !out.isDirectory()) throw new BadInputException(out, "is a file, not a folder");
		final File qc = new File(out, "qc");
		if (!qc.isDirectory() && !qc.mkdirs()) throw new BadInputException(qc, "cannot create the folder");
		try {
			for (final Map.Entry<String, NeckResult> e : res.results.entrySet()) {
				final File a = new File(qc, "femoral_neck_axis_" + e.getKey() + ".png");
				QcImages.writePng(axisPicture(bmd, e.getValue()), a);
				res.files.add(a.getPath());
				final File s = new File(qc, "femoral_neck_section_" + e.getKey() + ".png");
				QcImages.writePng(sectionPicture(bmd, e.getValue(), cortical_mgcm3), s);
				res.files.add(s.getPath());
			}
			final File c = new File(out, CSV);
			csv(res.rows).write(c);
			res.files.add(c.getPath());
			res.csv = c;
		}
		catch (final IOException e) {
			throw new BadInputException(out, "cannot write: " + e.getMessage(), e);
		}
	}

	// -------------------------------------------------------------------------------- QC pictures

	/** Nearest-voxel density at a world point; NaN outside the image. */
	private static final class Sampler {

		final RandomAccess<FloatType> ra;
		final Geometry g;
		final long[] dims;
		final double[] idx = new double[3];
		final long[] pos = new long[3];

		Sampler(final Volume<FloatType> v) {
			ra = v.image().randomAccess();
			g = v.geometry();
			dims = v.dimensions();
		}

		double at(final double[] w) {
			g.worldToIndex(w, idx);
			for (int d = 0; d < 3; d++) {
				pos[d] = Math.round(idx[d]);
				if (pos[d] < 0 || pos[d] >= dims[d]) return Double.NaN;
			}
			ra.setPosition(pos);
			return ra.get().getRealDouble();
		}
	}

	/**
	 * The oblique plane through the head centre spanned by the neck axis (across, towards the shaft
	 * to the right) and sectionSi (up), density in a bone window, the fitted head circle in red, the
	 * neck axis in yellow and the narrowest section in green. Pixels of at most the smallest voxel
	 * spacing, at least 480 across; nearest-voxel sampling.
	 */
	static BufferedImage axisPicture(final Volume<FloatType> bmd, final NeckResult r) {
		final double R = r.headRadius_mm;
		final double u0 = -1.6 * R, u1 = Math.max(r.narrowest_s_mm + 3 * R, 3.5 * R), v0 = -2.2 * R, v1 = 2.2 * R;
		final double p = Math.min(pixel(bmd), (u1 - u0) / 480);
		final int w = (int) Math.ceil((u1 - u0) / p), h = (int) Math.ceil((v1 - v0) / p);
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Sampler s = new Sampler(bmd);
		final double[] pt = new double[3];
		for (int j = 0; j < h; j++)
			for (int i = 0; i < w; i++) {
				final double a = u0 + (i + 0.5) * p, b = v1 - (j + 0.5) * p;
				for (int d = 0; d < 3; d++)
					pt[d] = r.headCentre_mm[d] + a * r.axis[d] + b * r.sectionSi[d];
				img.setRGB(i, j, grey(s.at(pt)));
			}
		final int ci = (int) Math.round((0 - u0) / p - 0.5), cj = (int) Math.round((v1 - 0) / p - 0.5);
		final int steps = (int) Math.ceil(2 * Math.PI * R / p * 2);
		for (int k = 0; k < steps; k++) {
			final double t = 2 * Math.PI * k / steps;
			set(img, (int) Math.round(ci + R * Math.cos(t) / p), (int) Math.round(cj - R * Math.sin(t) / p), 0xFF3030);
		}
		for (int i = 0; i < w; i++)
			set(img, i, cj, 0xFFD020);
		final double half = r.fnw_mm / 2 + 2;
		final int si = (int) Math.round((r.narrowest_s_mm - u0) / p - 0.5);
		for (int j = (int) Math.round(cj - half / p); j <= Math.round(cj + half / p); j++)
			set(img, si, j, 0x30FF60);
		return img;
	}

	/**
	 * The narrowest section reformatted (sectionAp across, sectionSi up), density in a bone window,
	 * with the cortical compartment (density &gt;= cortical_mgcm3, connected in the picture to the
	 * section centre region) outlined in red.
	 */
	static BufferedImage sectionPicture(final Volume<FloatType> bmd, final NeckResult r, final double cortical_mgcm3) {
		final double ext = Math.max(r.fnw_mm, 10) * 0.9;
		final double p = Math.min(pixel(bmd), 2 * ext / 320);
		final int n = (int) Math.ceil(2 * ext / p);
		final BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
		final Sampler s = new Sampler(bmd);
		final double[] pt = new double[3];
		final boolean[] cort = new boolean[n * n];
		for (int j = 0; j < n; j++)
			for (int i = 0; i < n; i++) {
				final double a = -ext + (i + 0.5) * p, b = ext - (j + 0.5) * p;
				for (int d = 0; d < 3; d++)
					pt[d] = r.narrowestCentre_mm[d] + a * r.sectionAp[d] + b * r.sectionSi[d];
				final double v = s.at(pt);
				cort[i + n * j] = v >= cortical_mgcm3;
				img.setRGB(i, j, grey(v));
			}
		for (int j = 0; j < n; j++)
			for (int i = 0; i < n; i++)
				if (cort[i + n * j] && (i == 0 || j == 0 || i == n - 1 || j == n - 1 || !cort[i - 1 + n * j] || !cort[i + 1 + n * j] ||
					!cort[i + n * (j - 1)] || !cort[i + n * (j + 1)])) img.setRGB(i, j, 0xFF3030);
		return img;
	}

	private static double pixel(final Volume<FloatType> v) {
		final double[] sp = v.geometry().spacing();
		return Math.max(0.25, Math.min(sp[0], Math.min(sp[1], sp[2])));
	}

	private static int grey(final double v) {
		if (Double.isNaN(v)) return 0x202040;
		int g = (int) Math.round(255 * (v - (QC_LEVEL - QC_WIDTH / 2)) / QC_WIDTH);
		g = g < 0 ? 0 : g > 255 ? 255 : g;
		return (g << 16) | (g << 8) | g;
	}

	private static void set(final BufferedImage img, final int x, final int y, final int rgb) {
		if (x >= 0 && y >= 0 && x < img.getWidth() && y < img.getHeight()) img.setRGB(x, y, rgb);
	}
	/** Body weight parameter text: empty = not given (null); else a weight in kg in (0, 1000). */
	public static Double parseWeight(final String text) {
		if (text == null || text.trim().isEmpty()) return null;
		final double v;
		try {
			v = Double.parseDouble(text.trim());
		}
		catch (final NumberFormatException e) {
			throw new BadInputException("weight_kg", "'" + text.trim() + "' is not a number");
		}
		if (!(v > 0 && v < 1000)) throw new BadInputException("weight_kg", "must be a body weight in kg (0-1000), got " + text.trim());
		return v;
	}
}
