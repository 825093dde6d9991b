package org.marrowj.pipeline;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeg;
import org.marrowj.io.DicomSeries;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.ImageReaders;
import org.marrowj.io.Nifti;
import org.marrowj.io.PetInfo;
import org.marrowj.pet.PetSuv;
import org.marrowj.pet.RegionalUptake;
import org.marrowj.pet.Suv;
import org.marrowj.pet.SuvInputs;
import org.marrowj.pet.SuvResult;
import org.marrowj.pet.SuvType;
import org.marrowj.pet.UptakeRate;

import net.imglib2.type.numeric.real.FloatType;

/**
 * The PET part of a subject analysis, files in: the PET read and converted to SUV, label maps (any
 * image, or a DICOM SEG), regional uptake and uptake rates.
 * <p>
 * PET sources: a DICOM series (folder or one file; SUV inputs from its header, replaced by any
 * override), or a NIfTI/TIFF volume. A volume without a DICOM header carries no SUV inputs: when its
 * unit is Bq/mL (or unknown), Units BQML and DecayCorrection START (images decay corrected to the
 * scan start, the usual reconstruction) are taken and recorded as rules; dose_mbq, weight_kg,
 * injection_time, scan_time and half_life_s (and height_cm, sex for the lean-body-mass, BSA and IBW
 * types) must then be given, otherwise the run is refused naming every missing one. A volume in
 * SUV already keeps its values (factor 1).
 * <p>
 * Uptake rate (Turku PET Centre, {@link UptakeRate}): the tissue concentration is the regional
 * mean in Bq/mL decay corrected to the injection, suv_mean / (suv_factor x decay_factor) (with
 * DecayCorrection START the image is decay corrected to the scan start; the decay factor
 * 2^(-dt/T_half) carries it to the injection). For FDG the lumped constant must be given: no
 * lumped constant has been measured for bone marrow.
 */
public final class PetAnalysis {

	private PetAnalysis() {}

	/** A PET read and converted: the raw volume, the SUV view, the factor with its sources, header values, warnings. */
	public static final class Pet {
		public final Volume<?> raw;
		public final Volume<FloatType> suv;
		public final SuvResult suvResult;
		/** Header values (null for a volume without DICOM header). */
		public final PetInfo info;
		public final List<String> warnings;

		Pet(final Volume<?> raw, final Volume<FloatType> suv, final SuvResult r, final PetInfo info, final List<String> warnings) {
			this.raw = raw;
			this.suv = suv;
			this.suvResult = r;
			this.info = info;
			this.warnings = warnings;
		}

		/** The report of the conversion: suv_factor, suv_type, suv_max, scan_start, injection, decay_factor and the sources. */
		public Map<String, Object> toMap() {
			final Map<String, Object> m = new LinkedHashMap<>(suvResult.toMap());
			m.put("suv_max", suvMax(suv));
			m.put("warnings", warnings);
			return m;
		}
	}

	/** Largest SUV of the volume (NaN voxels skipped). */
	public static double suvMax(final Volume<FloatType> suv) {
		double max = Double.NEGATIVE_INFINITY;
		for (final FloatType t : net.imglib2.view.Views.flatIterable(suv.image())) {
			final float f = t.get();
			if (f > max) max = f;
		}
		return max;
	}

	private static final String[] NEEDED = { "dose_mbq", "weight_kg", "injection_time", "scan_time", "half_life_s" };

	/**
	 * Reads the PET at {@code path} and converts it to SUV of {@code suvType}.
	 *
	 * @param overrides override parameter name -&gt; text ({@link SuvInputs#OVERRIDES}; blank = none)
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static Pet open(final File path, final String suvType, final Map<String, String> overrides) {
		if (path == null) throw new BadInputException("pet", "no PET given");
		if (!path.exists()) throw new BadInputException(path, "no such file or folder");
		final SuvType type = SuvType.parse(suvType);
		final List<String> warnings = new ArrayList<>();
		final String name = path.getName().toLowerCase(Locale.ROOT);
		final boolean dicom = path.isDirectory() || !(name.endsWith(".nii") || name.endsWith(".nii.gz") || name.endsWith(".tif") ||
			name.endsWith(".tiff"));
		final Volume<?> raw;
		final SuvInputs in;
		PetInfo info = null;
		if (dicom) {
			final DicomSeries s = DicomSeriesReader.read(path, null);
			raw = s.volume();
			warnings.addAll(s.warnings());
			info = s.petInfo();
			in = PetSuv.fromPetInfo(info, s.rescaleSlopes());
		}
		else {
			raw = ImageReaders.open(path);
			in = new SuvInputs();
			final String unit = raw.valueUnit();
			if (Volume.SUV.equals(unit)) in.header(SuvInputs.Key.UNITS, "GML");
			else {
				if (!Volume.BQML.equals(unit) && !Volume.UNKNOWN.equals(unit))
					throw new BadInputException("pet", "the values of " + path.getName() + " are in '" + unit + "', not Bq/mL or SUV");
				in.header(SuvInputs.Key.UNITS, "BQML");
				in.header(SuvInputs.Key.DECAY_CORRECTION, "START");
				warnings.add("pet: no DICOM header; values taken as Bq/mL decay corrected to the scan start (Units BQML, " +
					"DecayCorrection START)");
				final List<String> missing = new ArrayList<>();
				for (final String p : NEEDED)
					if (blank(overrides.get(p))) missing.add(p);
				if (type != SuvType.BW && blank(overrides.get("height_cm"))) missing.add("height_cm");
				if (type.needsSex() && blank(overrides.get("sex"))) missing.add("sex");
				if (!missing.isEmpty()) throw new BadInputException(String.join(", ", missing), "a PET without DICOM header (" + path
					.getName() + ") needs these values given to convert to SUV");
			}
		}
		in.applyOverrides(overrides);
		final SuvResult r = Suv.compute(in, type);
		final Volume<FloatType> suv;
		if (Volume.SUV.equals(raw.valueUnit()) || "GML".equals(r.units())) {
			suv = PetSuv.toSuv((Volume) raw, r.suvFactor());
		}
		else if (Volume.UNKNOWN.equals(raw.valueUnit()) && !dicom) {
			suv = PetSuv.toSuv((Volume) raw.withImage((net.imglib2.RandomAccessibleInterval) raw.image(), Volume.BQML), r);
		}
		else suv = PetSuv.toSuv((Volume) raw, r);
		return new Pet(raw, suv, r, info, warnings);
	}

	private static boolean blank(final String s) {
		return s == null || s.trim().isEmpty();
	}

	/** A label map and its names. */
	public static final class Labels {
		public final Volume<?> volume;
		public final LabelTable table;

		Labels(final Volume<?> volume, final LabelTable table) {
			this.volume = volume;
			this.table = table;
		}
	}

	/**
	 * A label map from {@code path}: a DICOM Segmentation (segments as label ids with their names),
	 * else any image (names from {@code scheme}, see {@link SubjectAnalysis#labelTable}).
	 */
	public static Labels labels(final File path, final String scheme) {
		if (path == null) throw new BadInputException("labels", "no label map given");
		if (!path.exists()) throw new BadInputException(path, "no such file or folder");
		final DicomSeg seg = path.isFile() ? seg(path) : null;
		if (seg != null) {
			final LabelTable given = blank(scheme) || "totalsegmentator".equalsIgnoreCase(scheme.trim()) ? seg.table() : SubjectAnalysis
				.labelTable(scheme);
			return new Labels(seg.volume(), given);
		}
		return new Labels(ImageReaders.open(path), SubjectAnalysis.labelTable(scheme));
	}

	/** The DICOM SEG in {@code f}, or null when the file is a NIfTI/TIFF or a DICOM file that is no Segmentation. */
	private static DicomSeg seg(final File f) {
		final String n = f.getName().toLowerCase(Locale.ROOT);
		if (n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".tif") || n.endsWith(".tiff")) return null;
		try {
			return DicomSeg.read(f);
		}
		catch (final BadInputException e) {
			if (e.getMessage() != null && e.getMessage().contains("not a DICOM Segmentation")) return null;
			throw e;
		}
	}

	/** Settings of the uptake rate; null input = none. */
	public static final class RateSettings {
		File input_function;
		public String tracer = "fdg";
		public Double plasma_mmol, lc, density_g_ml, frame_mid_min;
	}

	/**
	 * Frame mid time, min after injection: the given value, else the scan start - injection plus half
	 * the ActualFrameDuration of the header (a static frame starting at the scan start).
	 */
	public static double frameMid_min(final Pet pet, final Double given, final List<String> notes) {
		if (given != null) return given;
		final Double dt = pet.suvResult.dtS();
		final Double dur = pet.info == null ? null : pet.info.actualFrameDuration_ms;
		if (dt == null || dur == null || pet.suvResult.injection() == null) throw new BadInputException("frame_mid_min",
			"not given, and the PET header has no frame duration and injection-to-scan time to derive it");
		final double t = dt / 60 + dur / 2 / 60000;
		notes.add(String.format(Locale.ROOT, "frame_mid_min = (scan start - injection) + ActualFrameDuration/2 = %.3f min", t));
		return t;
	}

	/** Uptake rate of one region from its suv_mean; see the class comment. */
	public static UptakeRate.Result rate(final Pet pet, final double suvMean, final UptakeRate.InputFunction input,
		final RateSettings s, final double tMid_min)
	{
		final UptakeRate.Tracer tracer = UptakeRate.Tracer.parse(s.tracer);
		if (tracer == UptakeRate.Tracer.FDG && s.lc == null) throw new BadInputException("lc",
			"the FDG lumped constant must be given: none has been measured for bone marrow");
		final SuvResult r = pet.suvResult;
		if (r.decayFactor() == null || r.decayedDoseBq() == null) throw new BadInputException("input_function",
			"the PET's Bq/mL cannot be recovered from its SUV (" + r.method() + "): no uptake rate");
		final double bqml = suvMean / (r.suvFactor() * r.decayFactor());
		if (s.plasma_mmol == null) throw new BadInputException(tracer == UptakeRate.Tracer.FTHA ? "ffa_mmol" : "glucose_mmol",
			"needed with an input function");
		return UptakeRate.compute(bqml, tMid_min, input, tracer, s.plasma_mmol, s.lc == null ? Double.NaN : s.lc,
			s.density_g_ml == null ? Double.NaN : s.density_g_ml);
	}

	/** Parses an optional number parameter: blank = null; otherwise a finite number. */
	public static Double optionalNumber(final String text, final String parameter) {
		if (blank(text)) return null;
		try {
			final double v = Double.parseDouble(text.trim());
			if (!Double.isFinite(v)) throw new NumberFormatException();
			return v;
		}
		catch (final NumberFormatException e) {
			throw new BadInputException(parameter, "'" + text + "' is not a number");
		}
	}

	/** The override map of the seven override parameters (null values are left out). */
	public static Map<String, String> overrides(final String dose_mbq, final String weight_kg, final String height_cm,
		final String sex, final String injection_time, final String scan_time, final String half_life_s)
	{
		final Map<String, String> m = new LinkedHashMap<>();
		put(m, "dose_mbq", dose_mbq);
		put(m, "weight_kg", weight_kg);
		put(m, "height_cm", height_cm);
		put(m, "sex", sex);
		put(m, "injection_time", injection_time);
		put(m, "scan_time", scan_time);
		put(m, "half_life_s", half_life_s);
		return m;
	}

	private static void put(final Map<String, String> m, final String k, final String v) {
		if (!blank(v)) m.put(k, v.trim());
	}

	/** Regional uptake of the SUV PET over {@code labels}. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static RegionalUptake.Result regional(final Pet pet, final Labels labels, final double shrink_mm, final boolean assume_aligned) {
		return RegionalUptake.compute(pet.suv, (Volume) labels.volume, labels.table, new RegionalUptake.Settings().shrink_mm(shrink_mm)
			.assume_aligned(assume_aligned));
	}

	/** The JSON sidecar of an SUV image: {@code x.nii.gz} or {@code x.nii} -&gt; {@code x.json}. */
	public static File suvSidecar(final File suv) {
		final String n = suv.getName();
		final String lower = n.toLowerCase(Locale.ROOT);
		final int cut = lower.endsWith(".nii.gz") ? 7 : lower.endsWith(".nii") ? 4 : 0;
		return new File(suv.getAbsoluteFile().getParentFile(), n.substring(0, n.length() - cut) + ".json");
	}

	/** Writes the SUV volume as float NIfTI. */
	public static void writeSuv(final Pet pet, final File out) {
		final String n = out.getName().toLowerCase(Locale.ROOT);
		if (!n.endsWith(".nii.gz") && !n.endsWith(".nii")) throw new BadInputException("out", "must end in .nii.gz or .nii, got " + out
			.getName());
		if (out.getParentFile() != null && !out.getParentFile().isDirectory() && !out.getParentFile().mkdirs())
			throw new BadInputException(out, "cannot create its folder");
		Nifti.write(pet.suv, out);
	}

	// ---------------------------------------------------------------- the PET part of a subject analysis

	/** The PET inputs of a subject analysis. */
	public static final class SubjectSettings {
		public File pet;
		public String tracer = "fdg", suv_type = "bw";
		/** Override parameter -&gt; text ({@link SuvInputs#OVERRIDES}). */
		public Map<String, String> overrides = new LinkedHashMap<>();
		public boolean assume_aligned;
		/** Input function CSV, or null; with it the rate settings below. */
		public File input_function;
		public Double glucose_mmol, ffa_mmol, lc, density_g_ml, frame_mid_min;
		/** SUV window and opacity of the fusion QC pictures. */
		public double suv_min = 0, suv_max = 5, opacity = 0.5;

		/** Checks the values that can be checked before reading anything. */
		public SubjectSettings check() {
			if (pet == null) throw new BadInputException("pet", "no PET given");
			if (!pet.exists()) throw new BadInputException(pet, "no such file or folder");
			final UptakeRate.Tracer t = UptakeRate.Tracer.parse(tracer);
			SuvType.parse(suv_type);
			if (input_function != null) {
				if (t == UptakeRate.Tracer.FDG && lc == null) throw new BadInputException("lc",
					"the FDG lumped constant must be given with an input function: none has been measured for bone marrow");
				if ((t == UptakeRate.Tracer.FDG ? glucose_mmol : ffa_mmol) == null) throw new BadInputException(
					t == UptakeRate.Tracer.FDG ? "glucose_mmol" : "ffa_mmol", "needed with an input function");
			}
			PetFusion.check(suv_min, suv_max, opacity);
			return this;
		}

		RateSettings rate() {
			final RateSettings r = new RateSettings();
			r.input_function = input_function;
			r.tracer = tracer;
			r.plasma_mmol = UptakeRate.Tracer.parse(tracer) == UptakeRate.Tracer.FTHA ? ffa_mmol : glucose_mmol;
			r.lc = lc;
			r.density_g_ml = density_g_ml;
			r.frame_mid_min = frame_mid_min;
			return r;
		}
	}

	/** What the PET part gave: the rows with their PET values, the PET, the fusion regions, notes and warnings. */
	public static final class SubjectPet {
		public final SubjectAnalysis.Segmentation segmentation;
		public final Pet pet;
		public final List<PetFusion.Region> regions;
		public final Double frame_mid_min;
		public final List<String> notes, warnings;

		SubjectPet(final SubjectAnalysis.Segmentation segmentation, final Pet pet, final List<PetFusion.Region> regions,
			final Double tMid, final List<String> notes, final List<String> warnings)
		{
			this.segmentation = segmentation;
			this.pet = pet;
			this.regions = regions;
			this.frame_mid_min = tMid;
			this.notes = notes;
			this.warnings = warnings;
		}
	}

	/**
	 * SUV of the measured marrow regions (each region as segmented on the CT grid, already shrunk by
	 * the segmentation's margin_mm; no further shrinking), and with an input function the uptake
	 * rates. Rows that were not measured get the tracer and SUV type and empty values.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static SubjectPet measure(final Volume<?> ct, final SubjectAnalysis.Segmentation seg, final SubjectSettings s) {
		s.check();
		final Pet pet = open(s.pet, s.suv_type, s.overrides);
		final List<String> warnings = new ArrayList<>(pet.warnings);
		final SubjectOutputs.LabelMap map = SubjectOutputs.labelMap(ct, seg.measured());
		final RegionalUptake.Result r = RegionalUptake.compute(pet.suv, (Volume) map.volume, null, new RegionalUptake.Settings()
			.assume_aligned(s.assume_aligned));
		warnings.addAll(r.warnings());
		final UptakeRate.InputFunction input = s.input_function == null ? null : UptakeRate.InputFunction.read(s.input_function);
		final RateSettings rs = s.rate();
		final List<String> notes = new ArrayList<>();
		final Double tMid = input == null ? null : frameMid_min(pet, s.frame_mid_min, notes);
		final List<MarrowRow> rows = new ArrayList<>();
		final List<PetFusion.Region> regions = new ArrayList<>();
		final String tracer = UptakeRate.Tracer.parse(s.tracer).key(), type = SuvType.parse(s.suv_type).key();
		for (final MarrowRow row : seg.rows) {
			final int i = map.rows.indexOf(row);
			final RegionalUptake.Row u = i < 0 ? null : r.row(i + 1);
			final Map<String, Object> v = new LinkedHashMap<>();
			v.put("tracer", tracer);
			v.put("suv_type", type);
			final boolean ok = u != null && u.ok();
			v.put("suv_mean", ok ? u.suv_mean : null);
			v.put("suv_sd", ok ? u.suv_sd : null);
			v.put("suv_max", ok ? u.suv_max : null);
			v.put("suv_peak", ok ? u.suv_peak : null);
			if (u != null && !u.ok()) warnings.add(row.region() + ": no PET values (" + u.status + ")");
			if (input != null) {
				final UptakeRate.Result ur = ok ? rate(pet, u.suv_mean, input, rs, tMid) : null;
				v.put("fur_per_min", ur == null ? null : ur.fur_per_min);
				v.put("uptake_umol_100g_min", ur == null ? null : ur.uptake_umol_100g_min);
			}
			rows.add(row.withPet(v));
			if (row.ok()) regions.add(new PetFusion.Region(row.region(), row.mask().fullMask()));
		}
		final SubjectAnalysis.Segmentation out = new SubjectAnalysis.Segmentation(seg.site, seg.margin_mm, seg.marginGiven, rows,
			seg.warnings);
		return new SubjectPet(out, pet, regions, tMid, notes, warnings);
	}

	/** Records the PET parameters, the SUV rule and every value's source in the provenance. */
	public static void provenance(final Provenance p, final SubjectSettings s, final SubjectPet r) {
		p.parameter("pet", s.pet).parameter("tracer", s.tracer).parameter("suv_type", s.suv_type).parameter("assume_aligned",
			s.assume_aligned).parameter("input_function", s.input_function).parameter("glucose_mmol", s.glucose_mmol).parameter(
				"ffa_mmol", s.ffa_mmol).parameter("lc", s.lc).parameter("density_g_ml", s.density_g_ml).parameter("frame_mid_min",
					s.frame_mid_min);
		for (final Map.Entry<String, String> e : s.overrides.entrySet())
			p.parameter(e.getKey(), e.getValue());
		p.method("suv", r.pet.suvResult.toMap());
		p.method("pet_statistics", "SUV of each marrow region as segmented on the CT grid: the PET sampled at the CT voxel " +
			"centres by trilinear interpolation; suv_mean, suv_sd (n-1), suv_max of the samples; suv_peak the highest mean " +
			"over a 1 cm^3 sphere centred on a PET voxel of the region (RegionalUptake)");
		if (r.frame_mid_min != null) {
			p.method("uptake_rate", "FUR = C_T(t_mid) / integral_0^t_mid C_p dt (C_T = suv_mean / (suv_factor x decay_factor), " +
				"decay corrected to injection); uptake = FUR x plasma x 100 / (LC x density) (Turku PET Centre)");
			p.method("frame_mid_min", r.frame_mid_min);
			for (final String n : r.notes)
				p.method("uptake_rate_note", n);
		}
	}
}
