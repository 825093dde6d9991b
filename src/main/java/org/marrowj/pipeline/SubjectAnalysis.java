package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.marrowj.BadInputException;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.io.ImageReaders;
import org.marrowj.marrow.FemoralShaftMarrow;
import org.marrowj.marrow.LabelSchemes;
import org.marrowj.marrow.MarrowRegion;
import org.marrowj.marrow.RegionStats;
import org.marrowj.marrow.VertebralMarrow;
import org.marrowj.morph.Mask;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * The CT marrow analysis of one subject: files in, folder out.
 * <p>
 * Inputs: a CT in HU ({@link CtInput}: DICOM folder or file, NIfTI, TIFF), optionally a label map
 * (e.g. TotalSegmentator's NIfTI; on another grid it is carried to the CT grid by world
 * coordinates, refused when it does not overlap the CT). Site:
 * <ul>
 * <li>{@code femoral_shaft}: {@link FemoralShaftMarrow} (cortical_hu, margin_mm default 1.0);</li>
 * <li>{@code vertebral_body}: {@link VertebralMarrow#fromLabels} on the label map (margin_mm
 * default 4.0; needs labels);</li>
 * <li>{@code labels}: every label of the map as it is, or shrunk by margin_mm (default 0)
 * ({@link LabelRegions});</li>
 * <li>{@code auto}: {@code vertebral_body} when a label map is given, else {@code femoral_shaft}.</li>
 * </ul>
 * When margin_mm is not given, the resolved site's default is used and provenance.json says so.
 * <p>
 * Outputs in {@code out/}: {@code labels.nii.gz} (the measured regions as ids 1..n on the CT grid, in
 * the row order of the table), {@code labels.json} (id -&gt; name, site, side, level, source label),
 * {@code qc/*.png} ({@link MarrowQc}), {@code provenance.json}, and last {@code marrow_regions.csv}
 * ({@link MarrowTable}), so a folder holding it is complete. Every file is written to a temporary
 * name and renamed. A stale {@code marrow_regions.csv} from an earlier run is removed before anything
 * is written. When nothing can be measured (no bone, no closed ring, no known vertebra, every region
 * vanished) the run throws {@link BadInputException} and writes nothing; when some regions were
 * measured and others not, the others get a row whose status is the reason.
 */
public final class SubjectAnalysis {

	private SubjectAnalysis() {}

	public static final String CSV = "marrow_regions.csv", LABELS = "labels.nii.gz", LABELS_JSON = "labels.json",
		PROVENANCE = "provenance.json", QC = "qc";

	/** Default margin (mm) of vertebral cores found from seed points: the shell is excluded by the method itself. */
	public static final double SEED_MARGIN_MM = 1.0;

	public static final String FEMORAL_SHAFT = "femoral_shaft", VERTEBRAL_BODY = "vertebral_body", SITE_LABELS = "labels",
		AUTO = "auto";

	/** The accepted values of site. */
	public static final List<String> SITES = Collections.unmodifiableList(java.util.Arrays.asList(AUTO, FEMORAL_SHAFT,
		VERTEBRAL_BODY, SITE_LABELS));

	/** margin_mm used when none is given: 1.0 (femoral_shaft), 4.0 (vertebral_body), 0 (labels). */
	public static double defaultMargin_mm(final String resolvedSite) {
		switch (resolvedSite) {
			case FEMORAL_SHAFT:
				return 1.0;
			case VERTEBRAL_BODY:
				return 4.0;
			default:
				return 0.0;
		}
	}

	/** Parameters of a run. */
	public static final class Settings {
		public File ct, labels, out;
		public String site = AUTO;
		public String label_scheme = "totalsegmentator";
		public double cortical_hu = 400;
		/** null = the site's default. */
		public Double margin_mm;
		/** null or empty = from the CT file name. */
		public String subject;
		/** Optional 2D mask (nx x ny x 1) restricting the femoral search on every slice. */
		public Mask roi;
		/** Vertebral bodies without labels: level -> seed point (world LPS, mm) on its body. */
		public Map<String, double[]> seeds_mm;
		/** Optional PET: SUV of the marrow regions in the table, a fusion picture in qc/ ({@link PetAnalysis}). */
		public PetAnalysis.SubjectSettings pet;

		public Settings seeds_mm(final Map<String, double[]> v) {
			seeds_mm = v;
			return this;
		}

		public Settings pet(final PetAnalysis.SubjectSettings v) {
			pet = v;
			return this;
		}

		public Settings ct(final File f) {
			ct = f;
			return this;
		}

		public Settings labels(final File f) {
			labels = f;
			return this;
		}

		public Settings out(final File f) {
			out = f;
			return this;
		}

		public Settings site(final String s) {
			site = s;
			return this;
		}

		public Settings labelScheme(final String s) {
			label_scheme = s;
			return this;
		}

		public Settings cortical_hu(final double v) {
			cortical_hu = v;
			return this;
		}

		public Settings margin_mm(final Double v) {
			margin_mm = v;
			return this;
		}

		public Settings subject(final String s) {
			subject = s;
			return this;
		}
	}

	/** Parses margin_mm text: empty or "auto" = null (the site's default), else a number &gt;= 0. */
	public static Double parseMargin(final String text) {
		if (text == null || text.trim().isEmpty() || text.trim().equalsIgnoreCase("auto")) return null;
		final double v;
		try {
			v = Double.parseDouble(text.trim());
		}
		catch (final NumberFormatException e) {
			throw new BadInputException("margin_mm", "expected a number of mm >= 0 or 'auto' (the site's default), got '" + text + "'");
		}
		if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException("margin_mm", "must be >= 0 mm, got " + text.trim());
		return v;
	}

	/** "auto" -> vertebral_body with labels, femoral_shaft without; checks the value. */
	public static String resolveSite(final String site, final boolean haveLabels) {
		return resolveSite(site, haveLabels, false);
	}

	/** "auto" -> vertebral_body with labels or seed points, femoral_shaft without; checks the value. */
	public static String resolveSite(final String site, final boolean haveLabels, final boolean haveSeeds) {
		final String s = site == null || site.trim().isEmpty() ? AUTO : site.trim().toLowerCase(Locale.ROOT);
		if (!SITES.contains(s)) throw new BadInputException("site", "'" + site + "' is not one of " + SITES);
		if (s.equals(AUTO)) return haveLabels || haveSeeds ? VERTEBRAL_BODY : FEMORAL_SHAFT;
		if (s.equals(VERTEBRAL_BODY) && !haveLabels && !haveSeeds) throw new BadInputException("labels", "site " + s +
			" needs a label map (e.g. TotalSegmentator's segmentation of this CT) or seed points (seeds_mm='L1=x,y,z; ...')");
		if (s.equals(SITE_LABELS) && !haveLabels)
			throw new BadInputException("labels", "site " + s + " needs a label map (e.g. TotalSegmentator's segmentation of this CT)");
		return s;
	}

	/**
	 * Seed points of vertebral bodies: "L1=x,y,z; L2=x,y,z" (level = world LPS position in mm of a
	 * point inside that vertebral body); empty = none.
	 */
	public static Map<String, double[]> parseSeeds(final String text) {
		final Map<String, double[]> m = new LinkedHashMap<>();
		if (text == null || text.trim().isEmpty()) return m;
		for (final String item : text.split(";")) {
			if (item.trim().isEmpty()) continue;
			final int eq = item.indexOf('=');
			if (eq <= 0) throw new BadInputException("seeds_mm", "expected level=x,y,z (world mm) such as 'L1=12.5,-40,310', got '" +
				item.trim() + "'");
			final String level = LabelSchemes.levelName(item.substring(0, eq).trim());
			if (level.isEmpty()) throw new BadInputException("seeds_mm", "'" + item.substring(0, eq).trim() +
				"' is not a vertebral level (e.g. T12, L1)");
			final String[] xyz = item.substring(eq + 1).split(",");
			if (xyz.length != 3) throw new BadInputException("seeds_mm", "the seed of " + level + " needs 3 coordinates x,y,z in mm");
			final double[] p = new double[3];
			for (int i = 0; i < 3; i++) {
				try {
					p[i] = Double.parseDouble(xyz[i].trim());
				}
				catch (final NumberFormatException e) {
					throw new BadInputException("seeds_mm", "'" + xyz[i].trim() + "' in the seed of " + level + " is not a number");
				}
				if (!Double.isFinite(p[i])) throw new BadInputException("seeds_mm", "the seed of " + level + " is not finite");
			}
			if (m.put(level, p) != null) throw new BadInputException("seeds_mm", level + " is given twice");
		}
		return m;
	}

	/** The label table: "totalsegmentator" (TotalSegmentator v2 'total'), "" (unnamed ids) or id=name pairs. */
	public static LabelTable labelTable(final String scheme) {
		if (scheme == null || scheme.trim().isEmpty()) return LabelTable.empty();
		if (scheme.trim().equalsIgnoreCase("totalsegmentator")) return LabelSchemes.totalSegmentator();
		return LabelTable.parse(scheme, "label_scheme");
	}

	/** The subject name from a CT path: file name without .nii.gz/.nii/.tif/.tiff/.dcm; a generic folder name (dicom, ct) gives its parent's. */
	public static String subjectOf(final File ct) {
		final File abs = ct.getAbsoluteFile();
		String n = abs.getName();
		if (abs.isDirectory()) {
			final String l = n.toLowerCase(Locale.ROOT);
			if ((l.equals("dicom") || l.equals("ct") || l.equals("images") || l.equals("image")) && abs.getParentFile() != null)
				n = abs.getParentFile().getName();
			return n;
		}
		for (final String ext : new String[] { ".nii.gz", ".nii", ".tiff", ".tif", ".dcm" })
			if (n.toLowerCase(Locale.ROOT).endsWith(ext)) return n.substring(0, n.length() - ext.length());
		return n;
	}

	/** What the segmentation gave: rows (measured or failed), the site and margin used, warnings. */
	public static final class Segmentation {
		public final String site;
		public final double margin_mm;
		public final boolean marginGiven;
		public final List<MarrowRow> rows;
		public final List<String> warnings;

		Segmentation(final String site, final double margin_mm, final boolean marginGiven, final List<MarrowRow> rows,
			final List<String> warnings)
		{
			this.site = site;
			this.margin_mm = margin_mm;
			this.marginGiven = marginGiven;
			this.rows = Collections.unmodifiableList(MarrowTable.sorted(rows));
			this.warnings = Collections.unmodifiableList(warnings);
		}

		/** The measured rows (status ok), in table order. */
		public List<MarrowRow> measured() {
			final List<MarrowRow> ok = new ArrayList<>();
			for (final MarrowRow r : rows)
				if (r.ok()) ok.add(r);
			return ok;
		}
	}


	/**
	 * Segments and measures the marrow regions of {@code ct} (in HU). Throws {@link BadInputException}
	 * when nothing could be measured.
	 *
	 * @param labels label map or null
	 * @param site femoral_shaft | vertebral_body | labels | auto
	 * @param margin_mm null = the site's default
	 * @param roi 2D mask restricting the femoral search, or null
	 */
	public static Segmentation segment(final Volume<?> ct, final Volume<?> labels, final LabelTable table, final String site,
		final double cortical_hu, final Double margin_mm, final Mask roi)
	{
		return segment(ct, labels, table, site, cortical_hu, margin_mm, roi, null);
	}

	/**
	 * As {@link #segment(Volume, Volume, LabelTable, String, double, Double, Mask)}, with seed points
	 * (level -> world mm) for vertebral bodies without a label map: each core is found inside the
	 * body's cortical shell from its seed ({@link VertebralMarrow#fromSeed_mm}) and shrunk by
	 * margin_mm (default {@value #SEED_MARGIN_MM} mm there, the shell being already excluded).
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static Segmentation segment(final Volume<?> ct, final Volume<?> labels, final LabelTable table, final String site,
		final double cortical_hu, final Double margin_mm, final Mask roi, final Map<String, double[]> seeds_mm)
	{
		final boolean seeds = seeds_mm != null && !seeds_mm.isEmpty();
		final String s = resolveSite(site, labels != null, seeds);
		final boolean bySeeds = s.equals(VERTEBRAL_BODY) && labels == null;
		final double margin = margin_mm != null ? margin_mm : bySeeds ? SEED_MARGIN_MM : defaultMargin_mm(s);
		if (!(margin >= 0) || Double.isInfinite(margin)) throw new BadInputException("margin_mm", "must be >= 0 mm, got " + margin);
		if (!Double.isFinite(cortical_hu)) throw new BadInputException("cortical_hu", "must be a finite number, got " + cortical_hu);
		final List<String> warnings = new ArrayList<>();
		final List<MarrowRow> rows = new ArrayList<>();
		if (s.equals(FEMORAL_SHAFT)) {
			if (labels != null) warnings.add("labels: not used for site femoral_shaft");
			final FemoralShaftMarrow.Settings fs = new FemoralShaftMarrow.Settings().cortical_hu(cortical_hu).margin_mm(margin);
			if (roi != null) fs.roiMask(roi);
			final FemoralShaftMarrow.Result r = FemoralShaftMarrow.segment((Volume) ct, fs);
			warnings.addAll(r.warnings());
			for (final MarrowRegion region : r.regions())
				rows.add(measure(ct, region));
		}
		else if (bySeeds) {
			if (roi != null) warnings.add("roi: not used for site vertebral_body");
			for (final Map.Entry<String, double[]> e : seeds_mm.entrySet()) {
				try {
					final MarrowRegion region = VertebralMarrow.fromSeed_mm((Volume) ct, e.getValue(), e.getKey(),
						new VertebralMarrow.Settings().seed_margin_mm(margin));
					rows.add(measure(ct, region));
				}
				catch (final BadInputException x) {
					rows.add(MarrowRow.failed(MarrowRegion.Site.VERTEBRAL_BODY, e.getKey(), 0, "", e.getKey(), x.getMessage()));
				}
			}
		}
		else if (s.equals(VERTEBRAL_BODY)) {
			if (seeds) warnings.add("seeds_mm: not used when a label map is given");
			if (roi != null) warnings.add("roi: not used for site vertebral_body");
			final VertebralMarrow.Result r = VertebralMarrow.fromLabels((Volume) ct, (Volume) labels, table,
				new VertebralMarrow.Settings().margin_mm(margin));
			warnings.addAll(r.warnings());
			r.skipped().forEach((id, why) -> {
				final String level = LabelSchemes.levelOf(table, id);
				rows.add(MarrowRow.failed(MarrowRegion.Site.VERTEBRAL_BODY, level.isEmpty() ? table.name(id) : level, id, "", level, why));
			});
			for (final MarrowRegion region : r.regions())
				rows.add(measure(ct, region).withCheck(r.checks().get(region.labelId())));
		}
		else {
			if (roi != null) warnings.add("roi: not used for site labels");
			rows.addAll(LabelRegions.measure((Volume) ct, (Volume) labels, table, margin, warnings));
		}
		boolean any = false;
		for (final MarrowRow r : rows)
			any |= r.ok();
		if (!any) {
			final StringBuilder why = new StringBuilder();
			for (final MarrowRow r : rows)
				why.append(why.length() == 0 ? "" : "; ").append(r.region()).append(": ").append(r.status());
			throw new BadInputException("margin_mm", "no region could be measured (" + why + ")");
		}
		return new Segmentation(s, margin, margin_mm != null, rows, warnings);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static MarrowRow measure(final Volume<?> ct, final MarrowRegion region) {
		try {
			return MarrowRow.measured(region, RegionStats.compute((Volume) ct, region));
		}
		catch (final BadInputException e) {
			return MarrowRow.failed(region.site(), region.name(), region.labelId(), region.side(), region.level(), e.getMessage());
		}
	}

	/** What a run wrote. */
	public static final class Result {
		public final File out;
		public final String subject;
		public final Segmentation segmentation;
		public final List<String> files;
		public final List<String> warnings;
		public final double seconds;

		Result(final File out, final String subject, final Segmentation segmentation, final List<String> files,
			final List<String> warnings, final double seconds)
		{
			this.out = out;
			this.subject = subject;
			this.segmentation = segmentation;
			this.files = Collections.unmodifiableList(files);
			this.warnings = Collections.unmodifiableList(warnings);
			this.seconds = seconds;
		}

		/** A JSON-ready summary: out folder, subject, site, margin, files, rows, warnings. */
		public Map<String, Object> toMap() {
			final Map<String, Object> m = new LinkedHashMap<>();
			m.put("out", out.getPath());
			m.put("subject", subject);
			m.put("site", segmentation.site);
			m.put("margin_mm", segmentation.margin_mm);
			m.put("margin_mm_source", segmentation.marginGiven ? "given" : "site default");
			m.put("files", files);
			int ok = 0;
			for (final MarrowRow r : segmentation.rows)
				if (r.ok()) ok++;
			m.put("regions_measured", ok);
			m.put("regions_failed", segmentation.rows.size() - ok);
			m.put("rows", MarrowTable.jsonRows(subject, segmentation.rows));
			m.put("warnings", warnings);
			m.put("seconds", Math.round(seconds * 1000) / 1000.0);
			return m;
		}
	}

	/** Runs the whole analysis (see the class comment). */
	public static Result run(final Settings s, final ProgressListener listener) {
		final ProgressListener l = listener == null ? ProgressListener.NONE : listener;
		final long t0 = System.nanoTime();
		final Map<String, Double> timing = new LinkedHashMap<>();
		if (s.ct == null) throw new BadInputException("ct", "no CT given");
		if (s.out == null) throw new BadInputException("out", "no output folder given");
		if (s.out.exists() && !s.out.isDirectory()) throw new BadInputException(s.out, "exists and is not a folder");
		if (s.labels != null && !s.labels.exists()) throw new BadInputException(s.labels, "no such file or folder");
		final String subject = s.subject == null || s.subject.trim().isEmpty() ? subjectOf(s.ct) : s.subject.trim();
		final LabelTable table = labelTable(s.label_scheme);
		resolveSite(s.site, s.labels != null, s.seeds_mm != null && !s.seeds_mm.isEmpty());
		if (s.pet != null) s.pet.check();
		final List<String> warnings = new ArrayList<>();

		ProgressListener.check(l, "reading the CT");
		l.progress("reading the CT", 0.0);
		long t = System.nanoTime();
		// checksums of the inputs on another thread while the (single-threaded) reading runs
		final Provenance p = new Provenance();
		final FutureTask<Double> checksums = background(() -> {
			final long tc = System.nanoTime();
			p.input("ct", s.ct);
			if (s.labels != null) p.input("labels", s.labels);
			if (s.pet != null && s.pet.pet != null) p.input("pet", s.pet.pet);
			if (s.pet != null && s.pet.input_function != null) p.input("input_function", s.pet.input_function);
			return secs(tc);
		});
		final Volume<?> ct = CtInput.open(s.ct, "ct", warnings);
		Volume<?> labels = null;
		if (s.labels != null) {
			ProgressListener.check(l, "reading the labels");
			l.progress("reading the labels", 0.2);
			labels = ImageReaders.open(s.labels);
		}
		timing.put("read_s", secs(t));

		ProgressListener.check(l, "segmenting");
		l.progress("segmenting", 0.3);
		t = System.nanoTime();
		Segmentation seg = segment(ct, labels, table, s.site, s.cortical_hu, s.margin_mm, s.roi, s.seeds_mm);
		warnings.addAll(seg.warnings);
		timing.put("segment_and_measure_s", secs(t));
		PetAnalysis.SubjectPet pet = null;
		final List<String> petFiles = new ArrayList<>();
		if (s.pet != null) {
			ProgressListener.check(l, "PET");
			l.progress("PET uptake", 0.6);
			t = System.nanoTime();
			pet = PetAnalysis.measure(ct, seg, s.pet);
			seg = pet.segmentation;
			warnings.addAll(pet.warnings);
			PetAnalysis.provenance(p, s.pet, pet);
			try {
				Files.createDirectories(s.out.toPath());
				Files.deleteIfExists(new File(s.out, CSV).toPath());
				for (final String f : PetFusion.write(ct, pet.pet.suv, pet.regions, s.pet.suv_min, s.pet.suv_max, s.pet.opacity, new File(
					s.out, QC)))
					petFiles.add(QC + "/" + f);
			}
			catch (final IOException e) {
				throw new BadInputException(s.out, "cannot write the PET fusion pictures: " + e.getMessage(), e);
			}
			timing.put("pet_s", secs(t));
		}

		ProgressListener.check(l, "writing the results");
		p.parameter("ct", s.ct).parameter("site", s.site).parameter("site_used", seg.site).parameter("labels", s.labels)
			.parameter("label_scheme", s.label_scheme).parameter("cortical_hu", s.cortical_hu).parameter("margin_mm", seg.margin_mm)
			.parameter("margin_mm_source", seg.marginGiven ? "given" : "site default").parameter("subject", subject)
			.parameter("out", s.out).parameter("roi", s.roi != null);
		timing.put("checksums_s", await(checksums, s.ct));
		final List<String> files = new ArrayList<>(write(s.out, ct, seg, subject, p, warnings, timing, t0, l));
		files.addAll(files.indexOf(PROVENANCE) < 0 ? files.size() : files.indexOf(PROVENANCE), petFiles);
		l.progress("done", 1.0);
		return new Result(s.out, subject, seg, files, warnings, secs(t0));
	}

	/**
	 * Writes a segmentation's results into {@code out} (label map, labels.json, QC images, provenance,
	 * and last the table), each file atomically, after removing a stale table; returns the file names.
	 *
	 * @param p provenance with the parameters and inputs already recorded (methods, warnings and timing are added)
	 * @param timing step -&gt; seconds so far (may be empty)
	 * @param t0 System.nanoTime() at the start of the run
	 */
	public static List<String> write(final File out, final Volume<?> ct, final Segmentation seg, final String subject,
		final Provenance p, final List<String> warnings, final Map<String, Double> timing, final long t0, final ProgressListener listener)
	{
		final ProgressListener l = listener == null ? ProgressListener.NONE : listener;
		final long t = System.nanoTime();
		final List<String> files = new ArrayList<>();
		final File csv = new File(out, CSV);
		try {
			if (out.exists() && !out.isDirectory()) throw new BadInputException(out, "exists and is not a folder");
			Files.createDirectories(out.toPath());
			Files.deleteIfExists(csv.toPath());
			l.progress("writing the label map", 0.7);
			final SubjectOutputs.LabelMap map = SubjectOutputs.labelMap(ct, seg.measured());
			// the (single-threaded) compression of the label map runs beside the QC pictures
			final FutureTask<Double> labelMap = background(() -> {
				final long tl = System.nanoTime();
				SubjectOutputs.writeLabelMap(map, new File(out, LABELS));
				return secs(tl);
			});
			SubjectOutputs.writeLabelsJson(map, new File(out, LABELS_JSON));
			ProgressListener.check(l, "writing the QC images");
			l.progress("writing the QC images", 0.8);
			final long tq = System.nanoTime();
			final List<String> pictures = MarrowQc.write(ct, seg, subject, new File(out, QC));
			timing.put("qc_images_s", secs(tq));
			timing.put("label_map_s", await(labelMap, new File(out, LABELS)));
			files.add(LABELS);
			files.add(LABELS_JSON);
			for (final String f : pictures)
				files.add(QC + "/" + f);
			timing.put("write_images_s", secs(t));
			ProgressListener.check(l, "writing the table");
			l.progress("writing provenance and the table", 0.95);
			methods(p, seg, ct);
			for (final String w : warnings)
				p.warning(w);
			timing.put("total_before_table_s", secs(t0));
			for (final Map.Entry<String, Double> e : timing.entrySet())
				p.timing(e.getKey(), e.getValue());
			p.write(new File(out, PROVENANCE));
			files.add(PROVENANCE);
			MarrowTable.csv(subject, seg.rows).write(csv);
			files.add(CSV);
		}
		catch (final IOException e) {
			throw new BadInputException(out, "cannot write the results: " + e.getMessage(), e);
		}
		return files;
	}

	private static void methods(final Provenance p, final Segmentation seg, final Volume<?> ct) {
		p.method("ct_unit", ct.valueUnit());
		p.method("ct_grid", ct.width() + "x" + ct.height() + "x" + ct.depth());
		p.method("ct_spacing_mm", ct.geometry().spacing());
		switch (seg.site) {
			case FEMORAL_SHAFT:
				p.method("segmentation", "femoral shaft marrow: cavity inside the closed cortical ring (HU >= cortical_hu) per axial " +
					"slice, linked across slices, shrunk by margin_mm with the exact Euclidean distance transform (FemoralShaftMarrow)");
				break;
			case VERTEBRAL_BODY:
				p.method("segmentation", "vertebral body core: each vertebra label shrunk by margin_mm (exact Euclidean distance " +
					"transform), largest 26-connected component (VertebralMarrow.fromLabels)");
				break;
			default:
				p.method("segmentation", "each label of the label map (nearest label in world coordinates), shrunk by margin_mm when > 0 " +
					"(LabelRegions)");
		}
		p.method("statistics", "hu_mean arithmetic mean, hu_sd sample SD (n-1), percentiles R type 7 (RegionStats)");
		p.method("margin_mm", seg.margin_mm);
		p.method("margin_mm_source", seg.marginGiven ? "given" : "site default");
	}

	/** Runs {@code task} on a new daemon thread. */
	static <T> FutureTask<T> background(final Callable<T> task) {
		final FutureTask<T> f = new FutureTask<>(task);
		final Thread th = new Thread(f, "MarrowJ subject analysis");
		th.setDaemon(true);
		th.start();
		return f;
	}

	/** The task's result; its BadInputException or IOException as a BadInputException naming {@code file}. */
	static <T> T await(final FutureTask<T> f, final File file) {
		try {
			return f.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new java.util.concurrent.CancellationException("interrupted");
		}
		catch (final ExecutionException e) {
			final Throwable c = e.getCause();
			if (c instanceof BadInputException) throw (BadInputException) c;
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			if (c instanceof Error) throw (Error) c;
			throw new BadInputException(file, c.getMessage(), c);
		}
	}

	private static double secs(final long t0) {
		return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
	}
}
